package dev.spamtrace.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a captured-{@code /proc}-style tree: per process {@code stat}, {@code status},
 * {@code cmdline}, {@code comm}, and {@code exe}, {@code cwd}, {@code fd/N} as symlinks whose text
 * is what readlink gives on a live system (dangling here, as in any capture).
 */
public final class ProcFixture {
  public final Path proc;
  private final StringBuilder tcp = new StringBuilder(
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
  private final StringBuilder tcp6 = new StringBuilder(
      "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
  private final StringBuilder udp = new StringBuilder(
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");
  private int tcpLines;
  private int udpLines;

  public ProcFixture(Path proc) throws IOException {
    this.proc = Files.createDirectories(proc);
    Files.writeString(proc.resolve("stat"), "cpu  1 2 3 4\nbtime 1700000000\nprocesses 100\n");
  }

  /** A process; {@code exe}/{@code cwd} null to leave the link out (kernel thread, zombie). */
  public ProcFixture process(int pid, int ppid, String comm, char state, long flags, long startTicks, int uid, List<String> argv,
      String exe, String cwd, long... socketInodes) throws IOException {
    Path d = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(d.resolve("stat"), pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid + " 0 -1 " + flags
        + " 100 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 3133440 378 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
        StandardCharsets.UTF_8);
    Files.writeString(d.resolve("status"), "Name:\t" + comm + "\nUmask:\t0022\nState:\t" + state + "\nTgid:\t" + pid + "\nPid:\t" + pid
        + "\nPPid:\t" + ppid + "\nTracerPid:\t0\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t" + uid + "\t" + uid
        + "\t" + uid + "\t" + uid + "\nThreads:\t1\n", StandardCharsets.UTF_8);
    Files.writeString(d.resolve("comm"), comm + "\n", StandardCharsets.UTF_8);
    StringBuilder cmd = new StringBuilder();
    for (String a : argv) {
      cmd.append(a).append('\0');
    }
    Files.writeString(d.resolve("cmdline"), cmd, StandardCharsets.UTF_8);
    if (exe != null) {
      Files.createSymbolicLink(d.resolve("exe"), Path.of(exe));
    }
    if (cwd != null) {
      Files.createSymbolicLink(d.resolve("cwd"), Path.of(cwd));
    }
    Path fd = Files.createDirectories(d.resolve("fd"));
    if (exe != null) {
      Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
    }
    int n = 3;
    for (long inode : socketInodes) {
      Files.createSymbolicLink(fd.resolve(Integer.toString(n++)), Path.of("socket:[" + inode + "]"));
    }
    return this;
  }

  /** A TCP socket: addresses as dotted quads, state in hex as the kernel writes it. */
  public ProcFixture tcp(String local, int lport, String remote, int rport, int state, int uid, long inode) {
    tcp.append(String.format("%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000 20 4 30 10 -1%n",
        tcpLines++, hex(local), lport, hex(remote), rport, state, uid, inode));
    return this;
  }

  public ProcFixture tcp6(String localHex32, int lport, String remoteHex32, int rport, int state, int uid, long inode) {
    tcp6.append(String.format("%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000 20 4 30 10 -1%n",
        0, localHex32, lport, remoteHex32, rport, state, uid, inode));
    return this;
  }

  public ProcFixture udp(String local, int lport, String remote, int rport, int uid, long inode) {
    udp.append(String.format("%5d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 2 0000000000000000 0%n",
        udpLines++, hex(local), lport, hex(remote), rport, rport == 0 ? 7 : 1, uid, inode));
    return this;
  }

  public ProcFixture writeNet() throws IOException {
    Path net = Files.createDirectories(proc.resolve("net"));
    Files.writeString(net.resolve("tcp"), tcp);
    Files.writeString(net.resolve("tcp6"), tcp6);
    Files.writeString(net.resolve("udp"), udp);
    Files.writeString(net.resolve("udp6"), udp.substring(0, udp.indexOf("\n") + 1));
    return this;
  }

  /** Little-endian hex of a dotted quad, as /proc/net/tcp prints it. */
  public static String hex(String dotted) {
    String[] p = dotted.split("\\.");
    return String.format("%02X%02X%02X%02X", Integer.parseInt(p[3]), Integer.parseInt(p[2]), Integer.parseInt(p[1]), Integer.parseInt(p[0]));
  }
}
