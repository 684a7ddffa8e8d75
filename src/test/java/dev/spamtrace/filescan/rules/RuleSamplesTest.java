package dev.spamtrace.filescan.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One generated test per rule file, one case per sample (fail2ban's samplestestcase): a positive
 * sample must be matched by exactly the rules of its file it names, a negative sample by no rule
 * of any file. Positive samples are defanged: they exit before anything runs.
 */
class RuleSamplesTest {
  static final String DEFANGED = "<?php exit('defanged spamtrace sample'); ?>";

  @TestFactory
  Stream<DynamicNode> everySampleOfEveryRuleFile() {
    PhpScanner scanner = PhpScanner.standard();
    return scanner.rules().files().stream().map(f -> DynamicContainer.dynamicContainer(f.family(),
        f.samples().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> check(scanner, f, s)))));
  }

  private static void check(PhpScanner scanner, RuleFile f, RuleFile.Sample s) {
    PhpScanner.ScanResult r = scanner.scan(s.content().getBytes(StandardCharsets.UTF_8));
    Set<String> own = f.rules().stream().map(RuleFile.RuleSpec::id).collect(Collectors.toSet());
    String detail = r.hits().stream().map(h -> h.rule().id() + " @" + h.layer() + ": " + h.snippet())
        .collect(Collectors.joining("\n")) + "\nnotes: " + r.notes();
    if (s.expect().isEmpty()) {
      assertThat(r.ruleIds()).as("negative sample %s/%s must match no rule\n%s", f.family(), s.name(), detail).isEmpty();
    } else {
      assertThat(s.content()).as("positive samples are defanged").startsWith(DEFANGED);
      Set<String> got = new TreeSet<>(r.ruleIds());
      got.retainAll(own);
      assertThat(got).as("rules of %s matching %s\n%s", f.family(), s.name(), detail).isEqualTo(new TreeSet<>(s.expect()));
    }
  }

  @TestFactory
  Stream<DynamicNode> everyRuleHasAPositiveSample() {
    List<RuleFile> files = PhpScanner.standard().rules().files();
    return files.stream().flatMap(f -> f.rules().stream().map(rule -> DynamicTest.dynamicTest(rule.id(), () ->
        assertThat(f.samples().stream().flatMap(s -> s.expect().stream())).as("Regex has no samples: %s", rule.id())
            .contains(rule.id()))));
  }
}
