package dev.spamtrace.response.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Pure-FTPd virtual user's password rotated with the real pure-pw, checked against the real
 * pure-ftpd daemon reading the same PureDB (binaries from the Debian package, extracted by
 * .ci/components/chain.sh because the package conflicts with vsftpd): the old password is
 * refused, the new one accepted.
 */
class PureFtpdRealTest {
  static final Path PURE = Path.of("/var/lib/spamtrace-chain/pure-ftpd");
  static final String OLD = "Pure-Old-Password-7";
  @TempDir Path tmp;

  @Test
  void theVirtualUsersNewPasswordIsTheOnlyOneTheDaemonTakes() throws Exception {
    Path purePw = PURE.resolve("usr/bin/pure-pw");
    Path pureFtpd = PURE.resolve("usr/sbin/pure-ftpd");
    RealComponent.require(RealComponent.isRoot() && Files.isExecutable(purePw) && Files.isExecutable(pureFtpd) && RealComponent.executable("curl")
        && run(List.of("id", "-u", "spamtrace-chain"), null) == 0, "pure-pw and pure-ftpd extracted by .ci/components/chain.sh, curl, as root");
    String uid = out("id", "-u", "spamtrace-chain").strip();
    String gid = out("id", "-g", "spamtrace-chain").strip();
    Path root = tmp.resolve("root");
    Path etc = Files.createDirectories(root.resolve("etc/pure-ftpd"));
    Path home = Files.createDirectories(tmp.resolve("home/shop"));
    run(List.of("chown", "-R", uid + ":" + gid, home.toString()), null);
    run(List.of("chmod", "755", tmp.toString(), tmp.resolve("home").toString()), null);
    Path passwd = etc.resolve("pureftpd.passwd");
    Path pdb = etc.resolve("pureftpd.pdb");
    assertThat(run(List.of(purePw.toString(), "useradd", "shopvirt", "-u", uid, "-g", gid, "-d", home.toString(), "-f", passwd.toString(), "-F",
        pdb.toString(), "-m"), (OLD + "\n" + OLD + "\n").getBytes(StandardCharsets.UTF_8))).isZero();

    int port = Daemon.freePort();
    try (Daemon ftpd = Daemon.start("pure-ftpd", List.of(pureFtpd.toString(), "-S", "127.0.0.1," + port, "-l", "puredb:" + pdb, "-E", "-A", "-H", "-4",
        "-u", "1000", "-p", "40000:40100", "-P", "127.0.0.1"), tmp.resolve("pure-ftpd.out"), null)) {
      ftpd.awaitReady(Duration.ofSeconds(10), () -> listening(port));
      assertThat(run(List.of("curl", "-sS", "--user", "shopvirt:" + OLD, "ftp://127.0.0.1:" + port + "/"), null)).as("before: the old one works").isZero();

      Config c = Config.defaults().with(Map.of("accounts", Map.of("rotate-ftp-passwords", true, "pure-pw-command", List.of(purePw.toString()))));
      Plan plan = Plan.from(List.of(new AccountPlanner()), List.of(AccountActionsTest.compromise("shopvirt")), HostRoot.of(root), c);
      assertThat(plan.actions().get(0).description().en()).contains("Pure-FTPd virtual user in /etc/pure-ftpd/pureftpd.passwd");
      ActionContext ctx = new ActionContext(HostRoot.of(root), c, CaseFolder.forDay(tmp.resolve("cases"), LocalDate.now()), Clock.systemUTC(),
          new SystemCommand(Duration.ofSeconds(30)));
      Journal journal = new Journal(tmp.resolve("state/journal.jsonl"));
      Responder.Taken t = new Responder(journal).apply(plan, ctx).get(0);
      assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done);
      String fresh = t.shownOnce().secret();
      assertThat(run(List.of("curl", "-sS", "--user", "shopvirt:" + OLD, "ftp://127.0.0.1:" + port + "/"), null)).as("the old one is refused").isNotZero();
      assertThat(run(List.of("curl", "-sS", "--user", "shopvirt:" + fresh, "ftp://127.0.0.1:" + port + "/"), null)).as("the new one works").isZero();
      assertThat(Files.readString(journal.file())).doesNotContain(fresh).contains("\"store\":\"pure-ftpd\"");
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int run(List<String> argv, byte[] stdin) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (var os = p.getOutputStream()) {
      if (stdin != null) {
        os.write(stdin);
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  static String out(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return s;
  }
}
