package dev.spamtrace.filescan.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Lints the rule corpus itself (Sigma's tests/test_rules.py idea). */
class RuleCorpusTest {
  static final Path DIR = Path.of("src/main/resources/rules/webshell");

  @Test
  void everyRuleFileIsListedAndLoads() throws Exception {
    List<String> listed = Files.readAllLines(DIR.resolve("index.txt")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> ymls = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") && !n.equals("macros.yml")).sorted().toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(ymls);
    }
    RuleSet bundled = RuleSet.bundled();
    assertThat(bundled.files()).extracting(RuleFile::family).containsExactlyInAnyOrder(
        "filesman-wso", "b374k", "c99-r57", "weevely", "chopper", "request-exec", "uploader", "mailer", "packed");
    for (RuleFile f : bundled.files()) {
      assertThat(listed).contains(f.family() + ".yml");
    }
  }

  @Test
  void everyMacroIsUsedAndEveryPatternStaysBounded() {
    RuleSet r = RuleSet.bundled();
    for (String macro : r.macros().keySet()) {
      boolean used = r.files().stream().flatMap(f -> f.rules().stream())
          .flatMap(x -> Stream.of(x.all(), x.any(), x.none()).flatMap(List::stream)).anyMatch(p -> p.contains("{" + macro + "}"))
          || r.macros().values().stream().anyMatch(v -> v.contains("{" + macro + "}"));
      assertThat(used).as("macro %s is used", macro).isTrue();
    }
  }

  static RuleFile.RuleSpec rule(String id, String pattern) {
    return new RuleFile.RuleSpec(id, "t " + id, "d", "malicious", "high", "stable", List.of(), List.of("none known"), "code",
        List.of("eval"), List.of(pattern), List.of(), List.of(), 0L);
  }

  @Test
  void aRuleWithoutSamplesOrWithAnUnboundedWildcardDoesNotLoad() {
    RuleFile noSample = new RuleFile("demo", "Demo", "d", List.of(), List.of(rule("demo.x", "eval\\(")),
        List.of(new RuleFile.Sample("neg", List.of(), "<?php echo 1;")));
    assertThatThrownBy(() -> RuleSet.of(List.of(noSample), Map.of())).hasMessageContaining("has no positive sample");

    RuleFile noNegative = new RuleFile("demo", "Demo", "d", List.of(), List.of(rule("demo.x", "eval\\(")),
        List.of(new RuleFile.Sample("pos", List.of("demo.x"), "<?php eval($x);")));
    assertThatThrownBy(() -> RuleSet.of(List.of(noNegative), Map.of())).hasMessageContaining("no negative sample");

    RuleFile greedy = new RuleFile("demo", "Demo", "d", List.of(), List.of(rule("demo.x", "eval\\(.*\\$_POST")),
        List.of(new RuleFile.Sample("pos", List.of("demo.x"), "<?php eval($_POST[1]);"), new RuleFile.Sample("neg", List.of(), "")));
    assertThatThrownBy(() -> RuleSet.of(List.of(greedy), Map.of())).hasMessageContaining("unbounded wildcard");

    RuleFile badId = new RuleFile("demo", "Demo", "d", List.of(), List.of(rule("other.x", "{NOPE}eval")),
        List.of(new RuleFile.Sample("pos", List.of("other.x"), "x"), new RuleFile.Sample("neg", List.of(), "")));
    assertThatThrownBy(() -> RuleSet.of(List.of(badId), Map.of())).hasMessageContaining("id must be 'demo.name'")
        .hasMessageContaining("unknown macro {NOPE}");
  }
}
