package dev.spamtrace.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every "why the queue grew" rule is data, proven by its samples on every build. */
class SurgeRulesTest {
  static final Path RULES = Path.of("src/main/resources/rules/mailqueue");
  static final Path SAMPLES = Path.of("src/test/resources/samples/mailqueue");
  static final Instant NOW = Instant.parse("2026-11-27T19:30:00Z");

  @Test
  void everyRuleFileIsListedAndEveryRuleHasPositiveAndNegativeSamples() throws Exception {
    List<String> listed = SurgeAnalysis.loadShipped().stream().map(SurgeRule::id).toList();
    try (Stream<Path> files = Files.list(RULES)) {
      List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
    }
    for (String id : listed) {
      Path dir = SAMPLES.resolve(id);
      assertThat(dir).as("samples for rule %s", id).isDirectory();
      try (Stream<Path> s = Files.list(dir)) {
        List<String> names = s.map(p -> p.getFileName().toString()).toList();
        assertThat(names).as("rule %s needs a positive sample", id).anyMatch(n -> n.startsWith("positive-"));
        assertThat(names).as("rule %s needs a negative sample", id).anyMatch(n -> n.startsWith("negative-"));
      }
    }
  }

  @TestFactory
  List<DynamicTest> eachSampleGivesItsVerdict() throws Exception {
    SurgeAnalysis analysis = SurgeAnalysis.shipped();
    List<DynamicTest> tests = new ArrayList<>();
    for (SurgeRule rule : analysis.rules()) {
      try (Stream<Path> s = Files.list(SAMPLES.resolve(rule.id()))) {
        for (Path sample : s.sorted().toList()) {
          String name = sample.getFileName().toString();
          boolean positive = name.startsWith("positive-");
          tests.add(DynamicTest.dynamicTest(rule.id() + "/" + name, () -> {
            List<QueuedMessage> q = SampleQueue.load(sample, NOW);
            List<String> held = analysis.verdicts(q).stream().map(v -> v.rule().id()).toList();
            if (positive) {
              assertThat(held).as("verdicts for %s", name).contains(rule.id());
            } else {
              assertThat(held).as("verdicts for %s", name).doesNotContain(rule.id());
            }
          }));
        }
      }
    }
    return tests;
  }

  @Test
  void twoMailersAreBothNamedWithTheirEvidence() throws Exception {
    List<SurgeAnalysis.Verdict> vs = SurgeAnalysis.shipped().verdicts(
        SampleQueue.load(SAMPLES.resolve("uploaded-mailer/positive-two-mailers.yml"), NOW));
    assertThat(vs).filteredOn(v -> v.rule().id().equals("uploaded-mailer")).extracting(SurgeAnalysis.Verdict::value)
        .containsExactly("css.php", "stats34.php");
    SurgeAnalysis.Verdict css = vs.get(0);
    assertThat(css.count()).isEqualTo(200);
    assertThat(css.selector().describe()).isEqualTo("script=css.php");
    assertThat(css.summary("en", 350)).startsWith("200 of 350 queued messages (57%) came from one PHP script, css.php, to 5 recipient domains");
    assertThat(css.summary("ja", 350)).contains("css.php");
  }
}
