package dev.spamtrace.host.proc;

import java.time.Instant;
import java.util.List;

/**
 * One process as {@code /proc} shows it, joined to its sockets: what {@code ps}, {@code ls -l
 * /proc/PID/exe} and {@code ss -p} would say together, read without running any of them.
 *
 * @param pid the process id
 * @param ppid the parent's pid
 * @param comm the kernel's name for it (stat field 2; 15 bytes at most; the process may set it)
 * @param state stat field 3 (Z zombie, T stopped, …)
 * @param kernelThread a kernel thread (no program, no memory of its own)
 * @param startTicks start time in clock ticks after boot: with the pid it identifies one process
 *     for good (a pid is reused; pid and start time are not)
 * @param started the start time, when the boot time is known
 * @param argv the command line as the process shows it (it may rewrite it)
 * @param exe the program file, as link text; null when it cannot be read (kernel thread, zombie,
 *     not root)
 * @param cwd the working directory, as link text; null when it cannot be read
 * @param uid real uid
 * @param euid effective uid
 * @param gid real gid
 * @param user the name of {@code uid} in the root's passwd, or the number
 * @param group the name of {@code gid}
 * @param sockets its sockets found in {@code /proc/net/*} through its fds
 * @param socketFds how many of its fds are sockets of any kind (unix sockets included)
 * @param unreadable what could not be read about it (never fatal)
 */
public record HostProcess(
    int pid, int ppid, String comm, char state, boolean kernelThread, long startTicks, Instant started, List<String> argv,
    ProcLink exe, ProcLink cwd, int uid, int euid, int gid, String user, String group, List<NetSocket> sockets, int socketFds,
    List<String> unreadable) {

  public HostProcess {
    argv = List.copyOf(argv);
    sockets = List.copyOf(sockets);
    unreadable = List.copyOf(unreadable);
  }

  /** {@code argv[0]}, or empty. */
  public String argv0() {
    return argv.isEmpty() ? "" : argv.get(0);
  }

  /** The command line joined with spaces, as {@code ps} shows it. */
  public String commandLine() {
    return String.join(" ", argv);
  }

  public boolean zombie() {
    return state == 'Z';
  }

  /** {@code pid:1234}, the finding subject. */
  public String subject() {
    return "pid:" + pid;
  }

  public List<NetSocket> udpSockets() {
    return sockets.stream().filter(NetSocket::udp).toList();
  }

  public List<NetSocket> outboundTcp() {
    return sockets.stream().filter(NetSocket::outboundTcp).toList();
  }
}
