package dev.spamtrace.host.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.host.Accounts;
import dev.spamtrace.host.ProcFixture;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcReaderTest {
  @TempDir Path tmp;

  @Test
  void capturedTreeJoinsProcessesToSocketsAndNames() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n");
    Files.writeString(root.resolve("etc/group"), "root:x:0:\nwww-data:x:33:\n");
    ProcFixture f = new ProcFixture(root.resolve("proc"))
        .process(1, 0, "init", 'S', 4194560, 5, 0, List.of("/sbin/init"), "/usr/lib/systemd/systemd", "/")
        .process(2, 0, "kthreadd", 'S', 2129984, 1, 0, List.of(), null, null)
        .process(21473, 1, "bash", 'S', 4194560, 90000, 33, List.of("bash"), "/usr/bin/perl", "/tmp", 339476, 339478, 339479, 339480)
        .process(300, 1, "x) R 1", 'S', 4194560, 700, 33, List.of("weird name"), "/tmp/.x/a (deleted)", "/tmp/.x")
        .process(301, 300, "defunct", 'Z', 4194564, 800, 33, List.of(), null, null)
        .tcp("127.0.0.1", 50522, "127.0.0.1", 2525, 1, 33, 339476)
        .tcp("0.0.0.0", 25, "0.0.0.0", 0, 10, 0, 1132)
        .udp("127.0.0.1", 56602, "127.0.0.1", 5301, 33, 339478)
        .udp("127.0.0.1", 56603, "127.0.0.1", 5302, 33, 339479)
        .udp("127.0.0.1", 56604, "127.0.0.1", 5303, 33, 339480)
        .writeNet();
    // A process that exited between the listing and the reading: its directory is half gone.
    Files.createDirectories(f.proc.resolve("555"));
    Files.writeString(f.proc.resolve("555/stat"), "555 (gone) S 1 555 555 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    // A process whose stat is not a file: reported, not fatal.
    Files.createDirectories(f.proc.resolve("556/stat"));

    HostRoot hr = HostRoot.of(root);
    ProcessTable t = new ProcReader(hr, Accounts.read(hr), Clock.systemUTC()).read();

    assertThat(t.present()).isTrue();
    assertThat(t.vanished()).isEqualTo(1);
    assertThat(t.problems()).extracting(ProcessTable.Problem::source).anyMatch(s -> s.endsWith("/556"));
    assertThat(t.processes()).extracting(HostProcess::pid).containsExactlyInAnyOrder(1, 2, 21473, 300, 301);
    assertThat(t.bootTime()).isEqualTo(Instant.ofEpochSecond(1700000000));

    HostProcess perl = t.byPid(21473).orElseThrow();
    assertThat(perl.comm()).isEqualTo("bash");
    assertThat(perl.argv()).containsExactly("bash");
    assertThat(perl.exe()).isEqualTo(new ProcLink("/usr/bin/perl", false));
    assertThat(perl.cwd().path()).isEqualTo("/tmp");
    assertThat(perl.user()).isEqualTo("www-data");
    assertThat(perl.group()).isEqualTo("www-data");
    assertThat(perl.started()).isEqualTo(Instant.ofEpochSecond(1700000000 + 900));
    assertThat(perl.outboundTcp()).extracting(NetSocket::describe).containsExactly("127.0.0.1:50522 -> 127.0.0.1:2525 ESTABLISHED");
    assertThat(perl.udpSockets()).hasSize(3);
    assertThat(perl.socketFds()).isEqualTo(4);

    HostProcess odd = t.byPid(300).orElseThrow();
    assertThat(odd.comm()).isEqualTo("x) R 1");
    assertThat(odd.ppid()).isEqualTo(1);
    assertThat(odd.exe().deleted()).isTrue();

    HostProcess kthread = t.byPid(2).orElseThrow();
    assertThat(kthread.kernelThread()).isTrue();
    assertThat(kthread.exe()).isNull();
    assertThat(kthread.unreadable()).isEmpty();

    HostProcess zombie = t.byPid(301).orElseThrow();
    assertThat(zombie.zombie()).isTrue();
    assertThat(zombie.unreadable()).isEmpty();
    assertThat(t.tree(300)).extracting(HostProcess::pid).containsExactly(300, 301);
  }

  @Test
  void noProcDirectoryIsNotPresentRatherThanEmpty() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("disk-copy"));
    ProcessTable t = new ProcReader(HostRoot.of(root), Accounts.empty(), Clock.systemUTC()).read();
    assertThat(t.present()).isFalse();
    // A disk copy keeps /proc as an empty mount point: still nothing looked at, not "no processes".
    Files.createDirectories(root.resolve("proc"));
    assertThat(new ProcReader(HostRoot.of(root), Accounts.empty(), Clock.systemUTC()).read().present()).isFalse();
  }

  /** Live: this JVM is in the table with its own start time, and reading the whole table does not fail. */
  @Test
  void liveProcFindsThisJvm() {
    HostRoot hr = HostRoot.of(Path.of("/"));
    ProcessTable t = new ProcReader(hr, Accounts.read(hr), Clock.systemUTC()).read();
    long self = ProcessHandle.current().pid();
    HostProcess me = t.byPid((int) self).orElseThrow();
    assertThat(me.exe().baseName()).startsWith("java");
    assertThat(me.started()).isNotNull();
    assertThat(me.started()).isBefore(Instant.now());
    assertThat(t.processes()).anyMatch(HostProcess::kernelThread);
  }
}
