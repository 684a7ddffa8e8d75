package dev.spamtrace.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.AlertWriter;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo server's queue, through the inspector, into the monitoring team's alert. */
class QueueAlertWriterTest {
  @TempDir Path tmp;
  static final Instant NOW = Instant.parse("2017-01-13T10:26:00Z");

  @Test
  void theDemoQueueGivesTheAlertTheMonitoringTeamWrote() throws Exception {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DemoServer demo = DemoServer.build(tmp.resolve("demo"), clock);
    Investigation.Outcome o = new Investigation(List.of(new MailQueueInspector())).run(HostRoot.of(demo.root()), Config.defaults(), clock,
        InspectionContext.Options.once());
    assertThat(o.artifacts().get(QueueSnapshots.class)).hasValueSatisfying(q -> assertThat(q.messages()).hasSize(2060));
    Finding surge = o.findings().get(0);
    assertThat(surge.kind()).isEqualTo(FindingKind.MAIL_QUEUE_SURGE);
    assertThat(surge.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(surge.evidence().get("suspected-scripts")).isEqualTo(List.of("css.php"));
    assertThat(surge.evidence().get("script-owners").toString()).isEqualTo("[{uid=10001, user=shopuser, messages=2000}]");
    List<Alert> plain = new QueueAlertWriter(ZoneId.of("Asia/Tokyo")).write(new AlertWriter.AlertInput("sv42", List.of(), "", o.findings()));
    assertThat(plain.get(0).body().ja()).contains("css.php (file owner uid 10001 shopuser)", "▼ 対象コンテナ なし");

    List<Finding> all = new ArrayList<>(o.findings());
    all.add(Finding.builder(FindingKind.MALICIOUS_FILE, "/var/www/vhosts/shop.example/httpdocs/css/css.php")
        .evidence("path", "/var/www/vhosts/shop.example/httpdocs/css/css.php").reason(Text.same("mass mailer")).build());
    List<Alert> alerts = new QueueAlertWriter(ZoneId.of("Asia/Tokyo")).write(new AlertWriter.AlertInput("sv42.hosting.example",
        List.of("192.0.2.42"), "101", all));
    assertThat(alerts).singleElement().satisfies(a -> {
      assertThat(a.subject().ja()).isEqualTo("メールキュー滞留アラート検知のご連絡 sv42.hosting.example 01/13");
      assertThat(a.body().ja()).contains("▼ 対象サーバ  sv42.hosting.example (192.0.2.42)", "▼ 対象コンテナ VEID 101",
          "▼ メールキュー最大滞留数 2060 (19:26検知)", "Fromが「shop.example (2000)」及び「bakery.example (60)」",
          "/var/www/vhosts/shop.example/httpdocs/css/css.php");
      assertThat(a.body().ja()).containsPattern("▼ 検知時刻    \\d\\d:\\d\\d ~ 19:26");
      assertThat(a.body().en()).contains("* Max queued 2060 (seen at 19:26)", "Most queued mail is From shop.example (2000)",
          "/var/www/vhosts/shop.example/httpdocs/css/css.php");
      assertThat(a.body().en()).doesNotContain("css.php (file owner");
    });
  }
}
