package dev.spamtrace.host.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.host.HostSettings;
import dev.spamtrace.incident.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule file under {@code rules/host/}, on every build: the corpus is linted (ids, metadata,
 * known facts, compiling regexes) and every sample is run; a rule without a positive and a
 * negative sample fails the build.
 */
class HostRulesTest {
  static final List<String> FILES = List.of(RuleSet.PROCESS, RuleSet.CRON, RuleSet.PAYLOAD);
  static final Places PLACES = Places.of(Config.defaults().section("host", HostSettings.class));

  @TestFactory
  Stream<DynamicContainer> everyRuleHasSamplesAndTheyBehave() {
    return FILES.stream().map(file -> {
      RuleSet rs = RuleSet.load(file);
      List<DynamicTest> tests = new ArrayList<>();
      for (Rule r : rs.rules()) {
        tests.add(DynamicTest.dynamicTest(r.id() + " metadata", () -> lint(rs, r)));
        int i = 0;
        for (Map<String, Object> s : r.samples().match()) {
          int n = ++i;
          tests.add(DynamicTest.dynamicTest(r.id() + " matches sample " + n,
              () -> assertThat(rs.matches(r, s, PLACES)).as("%s must match %s", r.id(), s).isTrue()));
        }
        i = 0;
        for (Map<String, Object> s : r.samples().noMatch()) {
          int n = ++i;
          tests.add(DynamicTest.dynamicTest(r.id() + " does not match sample " + n,
              () -> assertThat(rs.matches(r, s, PLACES)).as("%s must not match %s", r.id(), s).isFalse()));
        }
      }
      return DynamicContainer.dynamicContainer(file, tests);
    });
  }

  private static void lint(RuleSet rs, Rule r) {
    Set<String> known = RuleSet.KNOWN_FACTS.get(rs.kind());
    assertThat(known).as("kind %s", rs.kind()).isNotNull();
    assertThat(r.id()).matches("host\\.(proc|cron|payload)\\.[a-z0-9-]+");
    assertThat(r.title()).isNotBlank();
    assertThat(r.description()).isNotBlank();
    assertThat(r.status()).isIn("experimental", "test", "stable");
    assertThat(r.weight()).isPositive();
    assertThat(r.reason()).containsKeys("en", "ja");
    assertThat(r.falsepositives()).as("falsepositives listed (may be empty)").isNotNull();
    assertThat(r.when()).as("conditions").isNotEmpty();
    assertThat(r.samples()).as("samples").isNotNull();
    assertThat(r.samples().match()).as("%s positive samples", r.id()).isNotEmpty();
    assertThat(r.samples().noMatch()).as("%s negative samples", r.id()).isNotEmpty();
    for (Map.Entry<String, Object> c : r.when().entrySet()) {
      assertThat(known).as("%s: condition %s names a known fact", r.id(), c.getKey()).contains(RuleSet.split(c.getKey())[0]);
      if (c.getKey().endsWith("-matches")) {
        Pattern.compile(String.valueOf(c.getValue()));
        assertThat(String.valueOf(c.getValue())).as("no unbounded catch-all (A2)").doesNotContain(".*", ".+");
      }
      if (c.getValue() instanceof String s && s.startsWith("$") && !c.getKey().endsWith("-under")) {
        assertThat(rs.lists()).as("%s: list %s", r.id(), s).containsKey(s.substring(1));
      }
    }
    for (Map<String, Object> s : concat(r.samples().match(), r.samples().noMatch())) {
      assertThat(known).as("%s: sample facts are known", r.id()).containsAll(s.keySet());
    }
    for (String en : List.of(r.reason().get("en"), r.reason().get("ja"))) {
      var m = Pattern.compile("\\{([a-z0-9-]+)}").matcher(en);
      while (m.find()) {
        assertThat(known).as("%s: reason placeholder {%s}", r.id(), m.group(1)).contains(m.group(1));
      }
    }
  }

  private static List<Map<String, Object>> concat(List<Map<String, Object>> a, List<Map<String, Object>> b) {
    List<Map<String, Object>> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void idsAreUniqueAcrossFiles() {
    Set<String> seen = new HashSet<>();
    for (String f : FILES) {
      for (Rule r : RuleSet.load(f).rules()) {
        assertThat(seen.add(r.id())).as("duplicate id %s", r.id()).isTrue();
      }
    }
  }

  @Test
  void severityGrowsWithWeight() {
    RuleSet rs = RuleSet.load(RuleSet.PROCESS);
    assertThat(rs.severityFor(0)).isEqualTo(Severity.INFO);
    assertThat(rs.severityFor(1)).isEqualTo(Severity.LOW);
    assertThat(rs.severityFor(3)).isEqualTo(Severity.HIGH);
    assertThat(rs.severityFor(9)).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void claimsTableTellsTheDisguiseApart() {
    RuleSet rs = RuleSet.load(RuleSet.PROCESS);
    assertThat(rs.claimedOtherProgram("perl", List.of("bash"))).isEqualTo("bash");
    assertThat(rs.claimedOtherProgram("bash", List.of("bash"))).isNull();
    assertThat(rs.claimedOtherProgram("dash", List.of("sh"))).isNull();
    assertThat(rs.claimedOtherProgram("x", List.of("kworker"))).isEqualTo("kworker");
    assertThat(rs.claimedOtherProgram("perl", List.of("unknown-name"))).isNull();
  }

  @Test
  void globs() {
    assertThat(Glob.matches("php[0-9]*", "php8.2")).isFalse(); // [..] is not special: only * and ?
    assertThat(Glob.matches("php*", "php8.2")).isTrue();
    assertThat(Glob.under("/home/bob/public_html/x", "/home/*/public_html")).isTrue();
    assertThat(Glob.under("/home/bob/bin/x", "/home/*/public_html")).isFalse();
    assertThat(Glob.under("/tmp", "/tmp")).isTrue();
    assertThat(Glob.under("/tmpx/a", "/tmp")).isFalse();
  }
}
