package dev.spamtrace.response.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.SystemCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner never proposes to kill PID 1, root, the MTA, system users or allowlisted users, however the findings are dressed up. */
class StopSafetyTest {
  @TempDir Path tmp;

  static Finding process(int pid, int ppid, int uid, int euid, String user, String exe, String name) {
    return Finding.builder(FindingKind.SUSPICIOUS_PROCESS, "pid:" + pid).severity(Severity.CRITICAL)
        .summary(Text.same("forged")).reason(Text.same("calls itself bash but the program is /usr/bin/perl"))
        .evidence("pid", pid).evidence("ppid", ppid).evidence("name", name).evidence("exe", exe).evidence("uid", uid).evidence("euid", euid)
        .evidence("user", user).evidence("start-ticks", 1000L + pid).build();
  }

  static List<Integer> planned(List<Action> actions) {
    return actions.stream().map(a -> ((StopProcessTree) a).pid()).toList();
  }

  @Test
  void theHardestTryNeverPlansAProtectedProcess() throws Exception {
    HostRoot root = HostRoot.of(Files.createDirectories(tmp.resolve("root")));
    Config config = Config.defaults().with(Map.of("host", Map.of("never-stop-users", List.of("bakery"))));
    List<Finding> forged = new ArrayList<>(List.of(
        process(1, 0, 0, 0, "root", "/usr/bin/perl", "bash"),                      // init
        process(1, 0, 48, 48, "apache", "/usr/bin/perl", "bash"),                  // pid 1 dressed as the web user
        process(0, 0, 48, 48, "apache", "/usr/bin/perl", "bash"),                  // pid 0
        process(-5, 0, 48, 48, "apache", "/usr/bin/perl", "bash"),                 // nonsense pid
        process(100, 1, 0, 0, "root", "/tmp/.x/bash", "bash"),                     // root
        process(101, 1, 0, 0, "apache", "/usr/bin/perl", "bash"),                  // uid 0 under another name
        process(102, 1, 48, 0, "apache", "/usr/bin/perl", "bash"),                 // setuid root (euid 0)
        process(103, 1, 89, 89, "postfix", "/usr/bin/perl", "smtp"),               // an MTA user
        process(104, 1, 48, 48, "apache", "/usr/lib/postfix/sbin/smtp", "smtp"),   // the MTA's program, whoever runs it
        process(105, 1, 48, 48, "apache", "/usr/libexec/postfix/smtp (deleted)", "smtp"),
        process(106, 1, 2, 2, "daemon", "/usr/bin/perl", "bash"),                  // a system user
        process(107, 1, 10003, 10003, "bakery", "/usr/bin/perl", "bash"),          // allowlisted customer
        process(108, 1, 106, 106, "Debian-exim", "/usr/sbin/exim4", "exim4"),
        process((int) ProcessHandle.current().pid(), 1, 48, 48, "apache", "/usr/bin/java", "java"), // spamtrace itself
        process(109, 1, 48, 48, "qmailr", "/var/qmail/bin/qmail-remote", "bash")));
    // Without identity (no start time): nothing safe to act on.
    forged.add(Finding.builder(FindingKind.SUSPICIOUS_PROCESS, "pid:110").severity(Severity.CRITICAL).summary(Text.same("x"))
        .evidence("pid", 110).evidence("uid", 48).evidence("user", "apache").build());
    // Controls that must be planned, or the test could not fail.
    forged.add(process(200, 1, 48, 48, "apache", "/usr/bin/perl", "bash"));
    forged.add(process(201, 1, 10001, 10001, "shopuser", "/tmp/.x/k (deleted)", "kworker"));
    forged.add(process(202, 200, 48, 48, "apache", "/usr/bin/perl", "bash")); // in 200's tree: stopped with it

    List<Action> plan = new StopProcessPlanner().plan(forged, root, config);

    assertThat(planned(plan)).containsExactly(200, 201);
  }

  @Test
  void lowSeverityIsNotPlannedAndForcingNeverReachesRoot() throws Exception {
    HostRoot root = HostRoot.of(Files.createDirectories(tmp.resolve("root")));
    Finding low = Finding.builder(FindingKind.SUSPICIOUS_PROCESS, "pid:300").severity(Severity.MEDIUM).summary(Text.same("x"))
        .evidence("pid", 300).evidence("uid", 48).evidence("user", "apache").evidence("start-ticks", 5L).build();
    Config forcing = Config.defaults().with(Map.of("host", Map.of("stop-forced-users", List.of("root", "postfix", "daemon"))));
    List<Action> plan = new StopProcessPlanner().plan(List.of(low,
        process(301, 1, 0, 0, "root", "/usr/bin/perl", "bash"),
        process(302, 1, 89, 89, "postfix", "/usr/bin/perl", "bash"),
        process(303, 1, 2, 2, "daemon", "/usr/bin/perl", "bash")), root, forcing);
    assertThat(planned(plan)).containsExactly(302, 303);
  }

  @Test
  void theActionItselfRefusesAnythingButTheLiveProc() throws Exception {
    Path fixture = Files.createDirectories(tmp.resolve("root"));
    HostRoot root = HostRoot.of(fixture);
    ActionContext ctx = new ActionContext(root, Config.defaults(), CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2017, 1, 13)),
        Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(5)));
    StopProcessTree stop = new StopProcessTree(21473, 90000, "bash", "/usr/bin/perl", List.of(), List.of());
    assertThat(stop.check(ctx)).singleElement().satisfies(t -> assertThat(t.en()).contains("not this machine's live /proc"));
    assertThat(stop.undoable()).isFalse();
  }

  @Test
  void onTheLiveProcThePlanCannotReachInitOrAReusedPid() {
    ActionContext ctx = new ActionContext(HostRoot.of(Path.of("/")), Config.defaults(), CaseFolder.forDay(tmp.resolve("cases"),
        LocalDate.of(2017, 1, 13)), Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(5)));
    // pid 1 with a made-up start time: the identity does not match, refused before the policy even runs.
    assertThat(new StopProcessTree(1, 123456789, "bash", "/usr/bin/perl", List.of(), List.of()).check(ctx)).isNotEmpty();
    // This JVM with its real start time: refused by the policy (root, and spamtrace itself).
    long ticks = new dev.spamtrace.host.proc.ProcReader(HostRoot.of(Path.of("/")), dev.spamtrace.host.Accounts.empty(), Clock.systemUTC())
        .process((int) ProcessHandle.current().pid()).orElseThrow().startTicks();
    assertThat(new StopProcessTree((int) ProcessHandle.current().pid(), ticks, "java", "/usr/bin/java", List.of(), List.of()).check(ctx))
        .isNotEmpty();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }
}
