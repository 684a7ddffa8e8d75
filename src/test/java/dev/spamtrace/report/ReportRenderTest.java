package dev.spamtrace.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.PlanStep;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderTest {
  /** A file name an attacker chose: markup, a terminal escape, a newline. */
  static final String HOSTILE = "/var/www/vhosts/a/httpdocs/<script>alert(1)</script>\u001b[31mred\nnext.php";

  static Report report() {
    Finding f = Finding.builder(FindingKind.MALICIOUS_FILE, HOSTILE).severity(Severity.HIGH)
        .summary(Text.of("web shell %s", "Web シェル %s", HOSTILE))
        .reason(Text.of("matches rule %s", "ルール %s に一致", "filesman"))
        .evidence("path", HOSTILE).evidence("lines", List.of("POST " + HOSTILE))
        .source("filescan").build();
    return new Report(Report.SCHEMA, "spamtrace test", Instant.parse("2026-11-28T00:00:00Z"),
        List.of(new Report.Server("/", "sv42", "101", List.of("192.0.2.42"))), List.of(f),
        List.of(new Coverage("filescan", Text.same("files"), 10)),
        List.of(new Gap("mailqueue", "/var/spool/postfix/deferred/A/ABC", Text.of("unreadable", "読めません"))),
        List.of(new PlanStep(1, "quarantine-file", HOSTILE, Text.same("move"), true, List.of(f.id()))),
        List.of(new Alert("mail-queue", Text.same("subject"), Text.of("body %s", "本文 %s", HOSTILE))));
  }

  @Test
  void htmlEscapesEveryAttackerString() {
    String html = ReportHtml.render(report(), Lang.EN);
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).doesNotContain("\u001b");
    assertThat(html).contains("Content-Security-Policy");
  }

  @Test
  void textNeutralisesTerminalEscapesAndNewlinesInNames() {
    String text = ReportText.render(report(), Lang.EN);
    assertThat(text).doesNotContain("\u001b").contains("\\u001b[31mred\\nnext.php");
    assertThat(text).contains("Could not tell").contains("/var/spool/postfix/deferred/A/ABC");
  }

  @Test
  void japaneseReportUsesJapaneseTexts() {
    String text = ReportText.render(report(), Lang.JA);
    assertThat(text).contains("調査レポート", "ルール filesman に一致", "確認できなかったもの", "対応計画");
  }

  @Test
  void jsonIsTheDocumentedShape() throws Exception {
    JsonNode j = ReportJson.mapper().readTree(ReportJson.render(report()));
    assertThat(j.path("schema").asText()).isEqualTo("spamtrace.report/1");
    JsonNode f = j.path("findings").get(0);
    assertThat(f.path("kind").asText()).isEqualTo("malicious-file");
    assertThat(f.path("severity").asText()).isEqualTo("high");
    assertThat(f.path("summary").path("ja").asText()).startsWith("Web シェル");
    assertThat(f.path("evidence").path("path").asText()).isEqualTo(HOSTILE);
    assertThat(j.path("couldNotTell").get(0).path("reason").path("en").asText()).isEqualTo("unreadable");
    assertThat(j.path("plan").get(0).path("undoable").asBoolean()).isTrue();
    assertThat(j.path("generatedAt").asText()).isEqualTo("2026-11-28T00:00:00Z");
  }
}
