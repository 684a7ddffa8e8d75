package dev.spamtrace.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.report.Report;
import dev.spamtrace.report.ReportHtml;
import dev.spamtrace.report.ReportText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsInspectorTest {
  static final Instant NOW = Instant.parse("2026-11-28T03:00:00Z");

  static InspectionResult inspect(Path root, Config config, Artifacts artifacts) {
    InspectionContext ctx = new InspectionContext(HostRoot.of(root), config, Clock.fixed(NOW, ZoneOffset.UTC),
        InspectionContext.Options.once(), artifacts, List.of());
    return new LogsInspector().inspect(ctx);
  }

  static Finding only(InspectionResult r, FindingKind kind, String subject) {
    return r.findings().stream().filter(f -> f.kind() == kind && f.subject().equals(subject)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.id() + " " + subject + " in " + r.findings()));
  }

  @Test
  void theDemoStoryIsFoundInItsLogsWithEvidence(@TempDir Path tmp) throws IOException {
    Path root = DemoServer.build(tmp.resolve("server"), Clock.fixed(NOW, ZoneOffset.UTC)).root();
    Artifacts artifacts = new Artifacts();
    InspectionResult r = inspect(root, Config.defaults(), artifacts);

    String mailer = DemoStory.docroot(DemoStory.SHOP_DOMAIN) + "/css/css.php";
    Finding burst = only(r, FindingKind.POST_BURST, mailer);
    assertThat(burst.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(burst.evidence()).containsEntry("posts", 600).containsEntry("clients", 5).containsEntry("domain", DemoStory.SHOP_DOMAIN)
        .containsEntry("docroot-path", "css/css.php");
    assertThat(burst.reasons()).anyMatch(t -> t.en().startsWith("uploaded over FTP by shopuser from 81.2.69.160"));

    Finding shop = only(r, FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + DemoStory.SHOP_USER);
    assertThat(shop.evidence().get("signs")).isEqualTo(List.of("new-country"));
    assertThat(shop.reasons().get(0).en()).startsWith("first login from GB (81.2.69.160)").endsWith("earlier logins only from JP");
    assertThat(shop.evidence().get("uploaded-scripts")).asList().contains(mailer);
    @SuppressWarnings("unchecked")
    List<String> lines = (List<String>) shop.evidence().get("lines");
    assertThat(lines).anyMatch(l -> l.startsWith("/var/log/secure:") && l.endsWith("USER shopuser (Login failed): Incorrect password"));
    assertThat(lines).anyMatch(l -> l.startsWith("/var/log/plesk/xferlog:") && l.contains(" /var/www/vhosts/shop.example/httpdocs/css/css.php b _ i r shopuser "));

    Finding old = only(r, FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + DemoStory.OLD_USER);
    assertThat(old.evidence().get("signs")).isEqualTo(List.of("tied-address"));

    Finding attacker = only(r, FindingKind.ATTACKER_ADDRESS, DemoStory.ATTACKER_ADDRESS);
    assertThat(attacker.evidence()).containsEntry("country", "GB");
    assertThat(attacker.evidence().get("uploads")).asList().hasSize(4);
    assertThat(attacker.evidence().get("web-requests")).isEqualTo(Map.of("GET /images/c0nfig.php", 1, "POST /images/c0nfig.php", 1));

    // the bakery's ordinary authenticated mail is not a compromise
    assertThat(r.findings()).noneMatch(f -> f.kind() == FindingKind.MAILBOX_COMPROMISE);
    assertThat(r.gaps()).isEmpty();

    LogIndex index = artifacts.get(LogIndex.class).orElseThrow();
    assertThat(index.webPosts()).hasSize(601);
    assertThat(index.ofKind(EventKind.MAIL_PICKUP)).hasSize(600).allMatch(e -> "48".equals(e.field("uid")));
    assertThat(index.byAddress(DemoStory.ATTACKER_ADDRESS)).extracting(LogEvent::kind).contains(EventKind.FTP_LOGIN_FAILED,
        EventKind.FTP_LOGIN, EventKind.FTP_UPLOAD, EventKind.WEB_REQUEST);
    assertThat(index.source("/var/www/vhosts/system/shop.example/logs/access_log").docroot()).isEqualTo(DemoStory.docroot(DemoStory.SHOP_DOMAIN));
  }

  @Test
  void attackerTextInLogsStaysDataInReports(@TempDir Path root) throws IOException {
    Path log = root.resolve("var/log");
    Files.createDirectories(log);
    String evilUser = "<img src=x onerror=alert(1)>";
    Files.writeString(log.resolve("vsftpd.log"), String.join("\n",
        "Fri Nov 27 10:00:00 2026 [pid 2] [" + evilUser + "] OK LOGIN: Client \"126.0.44.12\"",
        "Fri Nov 27 20:00:00 2026 [pid 3] [" + evilUser + "] OK LOGIN: Client \"81.2.69.160\"",
        "Fri Nov 27 20:00:01 2026 [pid 3] [" + evilUser + "] OK UPLOAD: Client \"81.2.69.160\", \"/httpdocs/$(rm -rf ~)`id`.php\", 10 bytes, 1.00Kbyte/sec",
        ""));
    InspectionResult r = inspect(root, Config.defaults().with(Map.of("logs", Map.of("time-zone", "UTC"))), new Artifacts());
    Finding f = only(r, FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + evilUser);
    assertThat(f.evidence().get("uploaded-scripts")).asList().containsExactly("/httpdocs/$(rm -rf ~)`id`.php");

    Report report = new Report(Report.SCHEMA, "test", NOW, List.of(new Report.Server(root.toString(), "t", "", List.of())), r.findings(),
        r.covered(), r.gaps(), List.of(), List.of());
    String html = ReportHtml.render(report, Lang.EN);
    assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(ReportHtml.render(report, Lang.JA)).doesNotContain("<img");
    assertThat(ReportText.render(report, Lang.EN)).contains("ftp:" + evilUser);
  }

  @Test
  void aCrackedMailboxSendingFromManyCountriesIsReported(@TempDir Path root) throws IOException {
    Path log = root.resolve("var/log");
    Files.createDirectories(log);
    String[] addrs = {"81.2.69.160", "8.8.8.8", "193.0.6.139", "5.45.80.10", "126.0.44.12"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      String a = addrs[i % addrs.length];
      b.append(String.format("Nov 27 21:%02d:%02d mail postfix/smtpd[%d]: 1A%08X: client=unknown[%s], sasl_method=LOGIN, sasl_username=info@bakery.example%n",
          i / 60 * 20 + (i % 60) / 3, i % 60, 100 + i, i, a));
    }
    // an ordinary user in the same log
    b.append("Nov 27 22:00:00 mail postfix/smtpd[99]: 2B00000001: client=unknown[126.0.44.12], sasl_method=LOGIN, sasl_username=owner@shop.example\n");
    Files.writeString(log.resolve("maillog"), b.toString());
    InspectionResult r = inspect(root, Config.defaults().with(Map.of("logs", Map.of("time-zone", "UTC"))), new Artifacts());
    Finding f = only(r, FindingKind.MAILBOX_COMPROMISE, "mailbox:info@bakery.example");
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence()).containsEntry("messages", 150).containsEntry("peak-hour-messages", 150);
    assertThat(f.evidence().get("countries")).isEqualTo(Map.of("GB", 30, "US", 30, "NL", 30, "RU", 30, "JP", 30));
    assertThat(r.findings()).noneMatch(x -> x.subject().equals("mailbox:owner@shop.example"));
  }

  @Test
  void burstsToAMissingScriptAreLowAndIgnoredPathsAreNotReported(@TempDir Path root) throws IOException {
    Path logs = root.resolve("var/www/vhosts/system/a.example/logs");
    Files.createDirectories(logs);
    Files.createDirectories(root.resolve("var/www/vhosts/a.example/httpdocs"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      b.append(String.format("198.51.100.%d - - [27/Nov/2026:20:%02d:00 +0900] \"POST /gone.php HTTP/1.1\" 404 10 \"-\" \"x\"%n", i % 9, i / 10));
      b.append(String.format("198.51.100.%d - - [27/Nov/2026:20:%02d:00 +0900] \"POST /wp-admin/admin-ajax.php HTTP/1.1\" 200 10 \"-\" \"x\"%n", i % 9, i / 10));
    }
    Files.writeString(logs.resolve("access_ssl_log"), b.toString());
    InspectionResult r = inspect(root, Config.defaults(), new Artifacts());
    Finding f = only(r, FindingKind.POST_BURST, "/var/www/vhosts/a.example/httpdocs/gone.php");
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.evidence()).containsEntry("exists", false).containsEntry("clients", 9).containsEntry("first", "2026-11-27T11:00:00Z");
    assertThat(r.findings()).hasSize(1);
  }
}
