package dev.spamtrace.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rule files prove themselves, as fail2ban's samples do: every pattern has samples, every
 * sample is recognised by its pattern and by no other (across all formats), its fields and time
 * are those listed, and every "unmatched" line is claimed by no pattern.
 */
class LogRulesTest {
  static final TimeContext SAMPLE_TIME = new TimeContext(ZoneId.of("UTC"), Instant.parse("2026-12-01T00:00:00Z"));

  @TestFactory
  Stream<DynamicNode> everyRuleFileProvesItsPatterns() {
    LogRules rules = LogRules.shipped();
    List<DynamicNode> files = new ArrayList<>();
    for (FormatRule f : rules.formats().values()) {
      List<DynamicNode> tests = new ArrayList<>();
      tests.add(DynamicTest.dynamicTest("has patterns and files", () -> {
        assertThat(f.patterns()).as(f.format() + " patterns").isNotEmpty();
        assertThat(f.title()).isNotBlank();
        assertThat(f.references()).as(f.format() + " references").isNotEmpty();
      }));
      for (FormatRule.PatternRule p : f.patterns()) {
        tests.add(DynamicTest.dynamicTest(p.id() + " has samples, the first with its fields", () -> {
          assertThat(p.samples()).as("Regex has no samples: " + p.id()).isNotEmpty();
          assertThat(p.samples().get(0).fields()).as(p.id() + ": the first sample lists its fields").isNotEmpty();
          if (p.regex() != null) {
            assertThat(p.regex()).as(p.id() + " is anchored").startsWith("^").endsWith("$");
          }
        }));
        for (FormatRule.Sample s : p.samples()) {
          tests.add(DynamicTest.dynamicTest(p.id() + ": " + clip(s.line()), () -> checkSample(rules, p, s)));
        }
      }
      for (FormatRule.Sample s : f.unmatched()) {
        tests.add(DynamicTest.dynamicTest("unmatched: " + clip(s.line()), () ->
            assertThat(rules.parser().allMatches(s.line())).as("no pattern may claim " + s.line()).isEmpty()));
      }
      files.add(DynamicContainer.dynamicContainer(f.format(), tests));
    }
    return files.stream();
  }

  private static void checkSample(LogRules rules, FormatRule.PatternRule p, FormatRule.Sample s) {
    LineParser parser = rules.parser();
    assertThat(s.from()).as("sample source of " + s.line()).isNotBlank();
    assertThat(parser.allMatches(s.line())).as("patterns matching " + s.line()).containsExactly(p.id());
    assertThat(parser.parse(s.line())).isEqualTo(LineParser.Outcome.RECOGNISED);
    ParsedLine r = parser.parsed();
    assertThat(r.patternId()).isEqualTo(p.id());
    if ("none".equals(s.time())) {
      assertThat(r.time(SAMPLE_TIME)).as("no time in " + s.line()).isNull();
    } else if (s.time() != null) {
      assertThat(r.time(SAMPLE_TIME)).as("time of " + s.line()).isEqualTo(Instant.parse(s.time()));
    } else {
      assertThat(r.time(SAMPLE_TIME)).as("a sample's time must be readable: " + s.line()).isNotNull();
    }
    if (!s.fields().isEmpty()) {
      Map<String, String> got = r.fields();
      for (Map.Entry<String, String> e : s.fields().entrySet()) {
        assertThat(got.get(e.getKey())).as("field " + e.getKey() + " of " + s.line()).isEqualTo(e.getValue());
      }
      for (String k : got.keySet()) {
        if (!k.equals("program") && !k.equals("pid") || isPatternField(r, k)) {
          assertThat(s.fields()).as("the sample must list every extracted field; missing " + k + "=" + got.get(k)).containsKey(k);
        }
      }
    }
  }

  private static boolean isPatternField(ParsedLine r, String k) {
    return r.pattern.fields.contains(k);
  }

  private static String clip(String s) {
    return s.length() > 90 ? s.substring(0, 90) + "…" : s;
  }

  @Test
  void patternIdsAreUniqueAndEventsKnown() {
    List<String> ids = new ArrayList<>();
    LogRules.shipped().patterns().forEach(p -> ids.add(p.id));
    assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(40);
  }
}
