package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSnapshots;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.mailqueue.Recipient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links other than the PHP header: a queue without X-PHP-Originating-Script submitted by the
 * customer's own uid (suEXEC, a per-site pool), Exim's cwd= folder, and an upload the attacker
 * placed outside every document root, which the correlator scans and reports itself.
 */
class CorrelatorLinksTest {
  @TempDir Path tmp;
  static final Instant T = Instant.parse("2026-11-27T23:00:00Z");
  static final String DOCROOT = "/var/www/vhosts/x.example/httpdocs";
  static final String SCRIPT = DOCROOT + "/css/m.php";

  static QueuedMessage message(Mta mta, String id, Integer uid, String user) {
    return new QueuedMessage(mta, id, "deferred", T, "info@x.example", List.of(new Recipient("v" + id + "@example.net", true, "timeout")), 900,
        "info@x.example", "hi", null, null, uid, user, null, null, null, null, null, false, List.of());
  }

  static LogEvent event(EventKind kind, String source, long line, Map<String, String> fields, String text) {
    return new LogEvent(T.plusSeconds(line), source, line, "test", "test", kind, fields, text);
  }

  InspectionResult correlate(Path root, List<Finding> findings, QueueSnapshots q, LogIndex logs, Docroots d) {
    Artifacts a = new Artifacts();
    a.put(QueueSnapshots.class, q);
    a.put(LogIndex.class, logs);
    a.put(Docroots.class, d);
    InspectionResult r = new Correlator().inspect(new InspectionContext(HostRoot.of(root), Config.defaults(), Clock.systemUTC(),
        InspectionContext.Options.once(), a, findings));
    this.incidents = a.get(Incidents.class).orElseThrow().incidents();
    return r;
  }

  List<Incident> incidents;

  Incident.Edge edge(String relation) {
    return incidents.stream().flatMap(i -> i.edges().stream()).filter(e -> e.relation().equals(relation)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + relation + " in " + incidents));
  }

  @Test
  void theCustomersOwnUidAndEximsFolderLeadToTheFlaggedScript() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve(DOCROOT.substring(1) + "/css"));
    Files.writeString(root.resolve(SCRIPT.substring(1)), "<?php mail($_POST['t'],$_POST['s'],$_POST['b']);\n");
    Finding mal = Finding.builder(FindingKind.MALICIOUS_FILE, SCRIPT).severity(Severity.HIGH).summary(Text.same(SCRIPT + ": mass mailer"))
        .evidence("path", SCRIPT).source("filescan").build();
    List<QueuedMessage> ms = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ms.add(message(Mta.POSTFIX, "A" + i, 10005, "xuser"));
    }
    ms.add(message(Mta.POSTFIX, "W1", 48, "apache")); // the web user's own: not a customer's uid
    List<QueuedMessage> exim = List.of(message(Mta.EXIM, "1xX58h-00039D-1y", 33, "www-data"));
    QueueSnapshots q = new QueueSnapshots(List.of(new QueueSnapshot(Mta.POSTFIX, "/var/spool/postfix", T, ms, List.of(), false),
        new QueueSnapshot(Mta.EXIM, "/var/spool/exim4", T, exim, List.of(), false)));
    LogIndex logs = new LogIndex(List.of(event(EventKind.MAIL_COMMAND, "/var/log/exim4/mainlog", 7,
        Map.of("cwd", DOCROOT + "/css", "args", "/usr/sbin/sendmail -t -i"), "2026-11-27 23:00:07 [12103] cwd=" + DOCROOT + "/css 3 args: /usr/sbin/sendmail -t -i")),
        List.of(), true);
    Docroots d = new Docroots(List.of(new Docroot("x.example", DOCROOT, "plesk", "xuser", 10005, List.of("xuser"), List.of())));
    correlate(root, List.of(mal), q, logs, d);
    Incident.Edge byUid = edge("submitted-by-owner");
    assertThat(byUid.from()).isEqualTo("queue:postfix:/var/spool/postfix");
    assertThat(byUid.to()).isEqualTo("file:" + SCRIPT);
    assertThat(byUid.confidence()).isEqualTo(Incident.Confidence.LIKELY);
    assertThat(byUid.text().en()).startsWith("6 queued messages without X-PHP-Originating-Script were handed to the MTA by xuser (uid 10005)");
    Incident.Edge cwd = edge("submitted-from-folder");
    assertThat(cwd.from()).isEqualTo("queue:exim:/var/spool/exim4");
    assertThat(cwd.evidence()).singleElement().asString().startsWith("/var/log/exim4/mainlog:7: ").contains("cwd=" + DOCROOT + "/css");
  }

  @Test
  void anUploadOutsideEveryDocrootIsScannedAndReported() throws Exception {
    Path root = tmp.resolve("root");
    String home = "/home/xuser";
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "xuser:x:10005:1004::" + home + ":/bin/false\n");
    Path dropped = root.resolve("home/xuser/tools/up.php");
    Files.createDirectories(dropped.getParent());
    Files.writeString(dropped, "<?php @eval(base64_decode($_POST['z']));\n");
    Path plain = root.resolve("home/xuser/tools/notes.txt");
    Files.writeString(plain, "nothing here\n");
    String a = "81.2.69.160";
    Finding attacker = Finding.builder(FindingKind.ATTACKER_ADDRESS, a).severity(Severity.HIGH).summary(Text.same(a)).evidence("address", a)
        .source("logs").build();
    LogIndex logs = new LogIndex(List.of(
        event(EventKind.FTP_LOGIN, "/var/log/vsftpd.log", 1, Map.of("user", "xuser", "address", a), "[xuser] OK LOGIN: Client \"" + a + "\""),
        event(EventKind.FTP_UPLOAD, "/var/log/xferlog", 2, Map.of("user", "xuser", "address", a, "path", "/tools/up.php"), "… /tools/up.php b _ i r xuser ftp 0 * c"),
        event(EventKind.FTP_UPLOAD, "/var/log/xferlog", 3, Map.of("user", "xuser", "address", a, "path", "/tools/notes.txt"), "… /tools/notes.txt b _ i r xuser ftp 0 * c"),
        event(EventKind.FTP_UPLOAD, "/var/log/xferlog", 4, Map.of("user", "xuser", "address", a, "path", "/tools/gone.php"), "… /tools/gone.php b _ i r xuser ftp 0 * c")),
        List.of(), true);
    InspectionResult r = correlate(root, List.of(attacker), new QueueSnapshots(List.of()), logs, new Docroots(List.of()));
    assertThat(r.findings()).extracting(Finding::kind, Finding::subject).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(FindingKind.MALICIOUS_FILE, home + "/tools/up.php"),
        org.assertj.core.groups.Tuple.tuple(FindingKind.SUSPICIOUS_FILE, home + "/tools/notes.txt"));
    Finding up = r.findings().stream().filter(f -> f.kind() == FindingKind.MALICIOUS_FILE).findFirst().orElseThrow();
    assertThat(up.source()).isEqualTo("correlate");
    assertThat(up.reasons()).anyMatch(t -> t.en().contains("outside every document root")).anyMatch(t -> t.en().startsWith("uploaded over FTP as xuser from " + a));
    assertThat(up.evidence()).containsEntry("ftp-accounts", List.of("xuser")).containsEntry("uploaded-from", List.of(a));
    assertThat(r.findings().stream().filter(f -> f.kind() == FindingKind.SUSPICIOUS_FILE).findFirst().orElseThrow().severity()).isEqualTo(Severity.LOW);
    assertThat(r.gaps()).isEmpty(); // gone.php: told in the story, not a gap
    Incident i = incidents.get(0);
    assertThat(i.nodes()).extracting(Incident.Node::id).contains("file:" + home + "/tools/gone.php", "address:" + a, "ftp:xuser");
    assertThat(i.story()).anyMatch(s -> s.text().en().equals("xuser uploaded " + home + "/tools/gone.php over FTP from " + a
        + " at 2026-11-27T23:00:04Z; the file is no longer on disk"));
  }
}
