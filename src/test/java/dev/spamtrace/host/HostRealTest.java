package dev.spamtrace.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes and the real cron daemon, as root, on this machine's live /proc. Everything the
 * tests start is stopped by pid in a finally; all traffic stays on loopback (ports picked at run
 * time).
 */
class HostRealTest {
  @TempDir Path tmp;

  static final String DISGUISED = """
      use IO::Socket::INET;
      $0 = "bash";
      chdir "/tmp";
      my $smtp = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0], Proto => "tcp") or die "connect: $!";
      my @udp = map { IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[1] + $_, Proto => "udp") } 1 .. 3;
      my $greet = <$smtp>;
      print $smtp "EHLO shop.example\\r\\n"; my $r = <$smtp>;
      print $smtp "MAIL FROM:<info\\@shop.example>\\r\\n"; $r = <$smtp>;
      sleep 120;
      """;

  static boolean userExists(String name) {
    return Accounts.read(HostRoot.of(Path.of("/"))).user(name).isPresent();
  }

  static void requireRootPerl() {
    RealComponent.require(RealComponent.isRoot() && RealComponent.executable("perl") && RealComponent.executable("setpriv")
        && RealComponent.executable("kill") && userExists("www-data"), "root, perl, setpriv, kill and the www-data user");
  }

  /** A minimal SMTP sink on a free loopback port: greets, answers 250, records what it heard. */
  static final class SmtpSink implements AutoCloseable {
    final ServerSocket server;
    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<Socket> clients = new CopyOnWriteArrayList<>();

    SmtpSink() throws Exception {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            clients.add(s);
            new Thread(() -> serve(s)).start();
          } catch (Exception e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    private void serve(Socket s) {
      try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          var out = s.getOutputStream()) {
        out.write("220 sink.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
          heard.add(line);
          out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      } catch (Exception e) {
        // the client went away
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket s : clients) {
        s.close();
      }
    }
  }

  static void await(Duration max, String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
    Instant end = Instant.now().plus(max);
    while (!ok.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
    } catch (Exception e) {
      return "";
    }
  }

  static Finding finding(List<Finding> fs, FindingKind kind, String subject) {
    return fs.stream().filter(f -> f.kind() == kind && f.subject().equals(subject)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.id() + " " + subject + " among " + fs.stream()
            .filter(f -> f.kind() == kind).map(Finding::subject).toList()));
  }

  static List<String> en(Finding f) {
    return f.reasons().stream().map(Text::en).toList();
  }

  @Test
  void aPerlCallingItselfBashWithSmtpAndUdpIsReportedFromLiveProcAndStoppedWithItsEvidence() throws Exception {
    requireRootPerl();
    // A world-readable copy of perl that is deleted once running: the kernel then says (deleted),
    // and the evidence must still hold the program.
    Path dropDir = Files.createDirectories(Path.of("/tmp", ".spamtrace-real-" + UUID.randomUUID()));
    Files.setPosixFilePermissions(dropDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path droppedPerl = dropDir.resolve("perl");
    Files.copy(Path.of("/usr/bin/perl"), droppedPerl, StandardCopyOption.COPY_ATTRIBUTES);
    String perlSha = SafeFiles.sha256(Path.of("/usr/bin/perl"));
    int udpBase = Daemon.freePort();
    try (SmtpSink sink = new SmtpSink();
        Daemon perl = Daemon.start("disguised-perl", List.of("setpriv", "--reuid=33", "--regid=33", "--clear-groups", "perl", "-e", DISGUISED,
            Integer.toString(sink.port()), Integer.toString(udpBase)), tmp.resolve("logs/perl.log"), null);
        Daemon dropped = Daemon.start("deleted-perl", List.of("setpriv", "--reuid=33", "--regid=33", "--clear-groups", droppedPerl.toString(),
            "-e", "$0 = '[kworker/1:2]'; sleep 120"), tmp.resolve("logs/dropped.log"), null)) {
      await(Duration.ofSeconds(20), "the perl to say MAIL FROM", () -> sink.heard.stream().anyMatch(l -> l.startsWith("MAIL FROM"))
          && comm(perl.pid()).equals("bash") && comm(dropped.pid()).startsWith("[kworker"));
      Files.delete(droppedPerl);

      Path overlay = tmp.resolve("test.yml");
      Files.writeString(overlay, "host:\n  smtp-ports: [25, 465, 587, " + sink.port() + "]\n");
      Path report = tmp.resolve("report.json");
      StringWriter err = new StringWriter();
      int rc = Main.execute(new String[] {"investigate", "--root", "/", "--format", "json", "-o", report.toString(), "--config", overlay.toString(),
          "--state-dir", tmp.resolve("state").toString(), "--case-root", tmp.resolve("cases").toString()}, new PrintWriter(new StringWriter()),
          new PrintWriter(err));
      assertThat(rc).as(err + Files.readString(report)).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(report.toFile());
      JsonNode f = null;
      for (JsonNode x : json.get("findings")) {
        if (x.get("kind").asText().equals("suspicious-process") && x.get("subject").asText().equals("pid:" + perl.pid())) {
          f = x;
        }
      }
      assertThat(f).as("a finding for pid %d in %s", perl.pid(), report).isNotNull();
      List<String> reasons = new ArrayList<>();
      f.get("reasons").forEach(r -> reasons.add(r.get("en").asText()));
      assertThat(reasons).contains("calls itself bash but the program is /usr/bin/perl", "it works in /tmp",
          "www-data runs perl outside the web server's workers",
          "it holds 1 SMTP connection(s) (127.0.0.1:" + sink.port() + ") and is not the MTA",
          "it holds 3 UDP sockets (DNS look-ups of its own)");
      assertThat(f.get("severity").asText()).isEqualTo("critical");
      assertThat(f.get("evidence").get("exe").asText()).isEqualTo("/usr/bin/perl");

      // The plan, taken for our two processes only (this machine is shared).
      Config config = Config.load(List.of(overlay));
      HostRoot live = HostRoot.of(Path.of("/"));
      List<Finding> findings = Investigation.allInspectors().run(live, config, Clock.systemUTC(), InspectionContext.Options.once()).findings();
      Finding droppedFinding = finding(findings, FindingKind.SUSPICIOUS_PROCESS, "pid:" + dropped.pid());
      assertThat(en(droppedFinding)).contains("calls itself kworker but the program is " + droppedPerl,
          "its program " + droppedPerl + " was deleted after it started", "its program " + droppedPerl + " is in a temporary place");
      List<String> ours = List.of("pid:" + perl.pid(), "pid:" + dropped.pid());
      Plan plan = new Plan(Plan.from(findings, live, config).actions().stream()
          .filter(a -> a.type().equals("stop-process") && ours.contains(a.target())).toList());
      assertThat(plan.actions()).extracting(Action::target).containsExactlyInAnyOrderElementsOf(ours);
      Journal journal = new Journal(tmp.resolve("state/journal.jsonl"));
      CaseFolder caseFolder = CaseFolder.forDay(tmp.resolve("cases"), LocalDate.now());
      ActionContext ctx = new ActionContext(live, config, caseFolder, Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(20)));
      List<Responder.Taken> taken = new Responder(journal).apply(plan, ctx);
      assertThat(taken).allSatisfy(t -> assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done));

      await(Duration.ofSeconds(5), "both to be gone", () -> !perl.isAlive() && !dropped.isAlive());
      Path ev = caseFolder.directory().resolve("evidence");
      Path perlEv;
      try (var s = Files.list(ev)) {
        perlEv = s.filter(p -> p.getFileName().toString().startsWith("pid-" + perl.pid() + "-bash-")).findFirst().orElseThrow()
            .resolve(Long.toString(perl.pid()));
      }
      assertThat(perlEv.resolve("cmdline")).content().isEqualTo("bash\0");
      assertThat(perlEv.resolve("status")).content().contains("Name:\tbash", "Uid:\t33");
      assertThat(perlEv.resolve("maps")).content().contains("/usr/bin/perl");
      assertThat(perlEv.resolve("fd.txt")).content().contains("socket:[");
      assertThat(perlEv.resolve("connections.txt")).content().contains("-> 127.0.0.1:" + sink.port() + " ESTABLISHED")
          .contains("-> 127.0.0.1:" + (udpBase + 1) + " CONNECTED");
      assertThat(perlEv.resolve("environ")).exists();
      assertThat(SafeFiles.sha256(perlEv.resolve("exe"))).isEqualTo(perlSha);
      Path droppedEv;
      try (var s = Files.list(ev)) {
        droppedEv = s.filter(p -> p.getFileName().toString().startsWith("pid-" + dropped.pid() + "-")).findFirst().orElseThrow()
            .resolve(Long.toString(dropped.pid()));
      }
      assertThat(droppedEv.resolve("links.txt")).content().contains("exe -> " + droppedPerl + " (deleted)");
      assertThat(SafeFiles.sha256(droppedEv.resolve("exe"))).as("the deleted program, copied through /proc/PID/exe").isEqualTo(perlSha);

      // Not undoable: undo says so and points at the evidence.
      List<Undo.Candidate> cs = new Undo(journal).candidates(h -> true);
      assertThat(cs).hasSize(2).allSatisfy(c -> {
        assertThat(c.reversible()).isFalse();
        assertThat(c.why().en()).contains("cannot be undone").contains(caseFolder.id());
      });
    } finally {
      Files.deleteIfExists(droppedPerl);
      Files.deleteIfExists(dropDir);
    }
  }

  // ---- cron ----

  static Optional<Long> runningCron() {
    try {
      long pid = Long.parseLong(Files.readString(Path.of("/run/crond.pid")).strip());
      String exe = Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
      return exe.equals("/usr/sbin/cron") ? Optional.of(pid) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  static SystemCommand.Result run(List<String> argv) throws Exception {
    return new SystemCommand(Duration.ofSeconds(20)).run(argv);
  }

  static String crontabOfWwwData() throws Exception {
    SystemCommand.Result r = run(List.of("crontab", "-u", "www-data", "-l"));
    return r.ok() ? r.stdout() : "";
  }

  @Test
  void aWebUsersCrontabRelaunchingATmpScriptIsFoundTiedToItsRespawnsRemovedAndPutBack() throws Exception {
    RealComponent.require(RealComponent.isRoot() && RealComponent.executable("cron") && RealComponent.executable("crontab")
        && RealComponent.executable("perl") && userExists("www-data"), "root, cron, crontab, perl and the www-data user");
    String original = crontabOfWwwData();
    Path dir = Files.createDirectories(Path.of("/tmp", ".st-" + UUID.randomUUID().toString().substring(0, 8)));
    Path script = dir.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\ncd " + dir + " && exec perl -e '$0 = \"mail\"; sleep 50'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path p : List.of(dir, script)) {
      Files.setAttribute(p, "unix:uid", 33);
      Files.setAttribute(p, "unix:gid", 33);
    }
    String keep = "17 3 * * * /usr/bin/true # kept by spamtrace's test";
    String bad = "* * * * * " + script;
    Path tab = tmp.resolve("tab");
    Files.writeString(tab, "# the customer's crontab\n" + keep + "\n" + bad + "\n");
    Daemon ownCron = null;
    try {
      assertThat(run(List.of("crontab", "-u", "www-data", tab.toString())).ok()).isTrue();
      if (runningCron().isEmpty()) {
        ownCron = Daemon.start("cron", List.of("cron", "-f", "-L", "15"), tmp.resolve("logs/cron.log"), null);
      }
      // cron starts the script at the next minute (up to two when it only now notices the crontab).
      HostRoot live = HostRoot.of(Path.of("/"));
      await(Duration.ofSeconds(135), "cron to start the payload", () -> payloadPids(live, dir).size() > 0);
      // Look a few seconds into the minute, so that the second look (60 s later) falls after cron's
      // next start, which comes a moment after the minute turns, and before the first one exits (50 s).
      Thread.sleep(5000);

      Path report = tmp.resolve("report.json");
      StringWriter err = new StringWriter();
      int rc = Main.execute(new String[] {"investigate", "--samples", "2", "--interval", "60", "--format", "json", "-o", report.toString(),
          "--state-dir", tmp.resolve("state").toString(), "--case-root", tmp.resolve("cases").toString()}, new PrintWriter(new StringWriter()),
          new PrintWriter(err));
      assertThat(rc).as(err.toString()).isEqualTo(1);
      JsonNode json = new ObjectMapper().readTree(report.toFile());
      List<Finding> findings = new ArrayList<>();
      String spool = "/var/spool/cron/crontabs/www-data";
      // crontab(1) put its own header on top: find the line where our entry landed.
      int line = Files.readAllLines(Path.of(spool)).indexOf(bad) + 1;
      assertThat(line).isPositive();
      JsonNode cron = byKindSubject(json, "cron-persistence", "cron:" + spool + ":" + line);
      assertThat(reasons(cron)).contains("www-data's entry runs " + script + " from a temporary place",
          "it runs " + script + " from a hidden folder", "it runs every 1 min")
          // the perl and, while it runs, cron's sh -c for it: each started anew every minute
          .anyMatch(r -> r.startsWith("processes it starts came back at its period: "));
      assertThat(cron.get("evidence").get("respawn").get(0).get("period-seconds").asLong()).isBetween(55L, 65L);
      assertThat(cron.get("evidence").get("payloads").toString()).contains(script.toString());
      JsonNode payload = byKindSubject(json, "tmp-payload", script.toString());
      assertThat(reasons(payload)).contains("a script owned by www-data in a temporary place", "it is in a hidden folder");
      assertThat(payload.get("evidence").get("cron").toString()).contains("cron:" + spool + ":" + line);
      JsonNode respawned = null;
      for (JsonNode x : json.get("findings")) {
        if (x.get("kind").asText().equals("suspicious-process") && x.get("evidence").has("respawn")
            && x.get("evidence").get("name").asText().equals("mail")
            && x.get("evidence").get("respawn").get("cron").asText().equals("cron:" + spool + ":" + line)) {
          respawned = x;
        }
      }
      assertThat(respawned).as("a respawning process tied to the entry among %s", json.get("findings")).isNotNull();
      assertThat(reasons(respawned)).contains("calls itself mail but the program is /usr/bin/perl")
          .anyMatch(r -> r.startsWith("it is started anew every "));

      // Remove the entry, through the plan, only ours.
      Config config = Config.defaults();
      findings.addAll(Investigation.allInspectors().run(live, config, Clock.systemUTC(), InspectionContext.Options.once()).findings());
      Plan plan = new Plan(Plan.from(findings, live, config).actions().stream()
          .filter(a -> a.type().equals("remove-cron-entry") && a.target().equals("cron:" + spool + ":" + line)).toList());
      assertThat(plan.actions()).hasSize(1);
      Journal journal = Journal.inStateDir(tmp.resolve("state"));
      ActionContext ctx = new ActionContext(live, config, CaseFolder.today(tmp.resolve("cases"), Clock.systemDefaultZone()), Clock.systemUTC(),
          new SystemCommand(Duration.ofSeconds(20)));
      List<Responder.Taken> taken = new Responder(journal).apply(plan, ctx);
      assertThat(taken).singleElement().satisfies(t -> assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done));
      String after = crontabOfWwwData();
      assertThat(after).contains(keep, "# the customer's crontab").doesNotContain(bad);
      assertThat(Files.readString(Path.of(spool))).doesNotContain(bad);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(spool)))).isEqualTo("rw-------");

      // Undo from the command line puts the old crontab back.
      StringWriter out = new StringWriter();
      rc = Main.execute(new String[] {"undo", "--last", "--apply", "--state-dir", tmp.resolve("state").toString(), "--case-root",
          tmp.resolve("cases").toString()}, new PrintWriter(out), new PrintWriter(err));
      assertThat(rc).as(out + "\n" + err).isZero();
      assertThat(crontabOfWwwData()).contains(keep, bad, "# the customer's crontab");
    } finally {
      if (original.isBlank()) {
        run(List.of("crontab", "-u", "www-data", "-r"));
      } else {
        Path back = tmp.resolve("original");
        Files.writeString(back, original);
        run(List.of("crontab", "-u", "www-data", back.toString()));
      }
      if (ownCron != null) {
        ownCron.close();
      }
      for (long pid : payloadPids(HostRoot.of(Path.of("/")), dir)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      Files.deleteIfExists(script);
      Files.deleteIfExists(dir);
    }
  }

  /** Our payload's processes: the perl named mail working in our folder. */
  static List<Long> payloadPids(HostRoot live, Path dir) {
    List<Long> out = new ArrayList<>();
    for (var p : new dev.spamtrace.host.proc.ProcReader(live, Accounts.empty(), Clock.systemUTC()).read().processes()) {
      if (p.cwd() != null && p.cwd().path().equals(dir.toString()) && p.comm().equals("mail")) {
        out.add((long) p.pid());
      }
    }
    return Collections.unmodifiableList(out);
  }

  static JsonNode byKindSubject(JsonNode json, String kind, String subject) {
    List<String> seen = new ArrayList<>();
    for (JsonNode x : json.get("findings")) {
      if (x.get("kind").asText().equals(kind)) {
        seen.add(x.get("subject").asText());
        if (x.get("subject").asText().equals(subject)) {
          return x;
        }
      }
    }
    throw new AssertionError("no " + kind + " " + subject + " among " + seen);
  }

  static List<String> reasons(JsonNode f) {
    List<String> out = new ArrayList<>();
    f.get("reasons").forEach(r -> out.add(r.get("en").asText()));
    return out;
  }

}
