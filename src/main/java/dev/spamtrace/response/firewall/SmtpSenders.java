package dev.spamtrace.response.firewall;

import dev.spamtrace.geoip.PublicAddress;
import dev.spamtrace.host.Accounts;
import dev.spamtrace.host.proc.HostProcess;
import dev.spamtrace.host.proc.NetSocket;
import dev.spamtrace.host.proc.ProcReader;
import dev.spamtrace.hostroot.HostRoot;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which processes talk SMTP to other hosts right now: the ones the SMTP policy would stop from
 * opening their next connection. Read with the host capability's {@code /proc} reader (each
 * process's sockets joined from {@code /proc/net/tcp{,6}} of its own network namespace).
 */
public final class SmtpSenders {
  /**
   * One process with an open SMTP connection.
   *
   * @param uid the socket's owner (what the firewall's skuid match sees)
   */
  public record Connection(long pid, String command, int uid, String user, String remote, int remotePort) {}

  private SmtpSenders() {}

  /** Connections to {@code ports} on other hosts by users other than {@code allowedUids}. */
  public static List<Connection> current(HostRoot root, Set<Integer> ports, Set<Integer> allowedUids) {
    Accounts accounts = Accounts.read(root);
    List<Connection> out = new ArrayList<>();
    for (HostProcess p : new ProcReader(root, accounts, Clock.systemUTC()).read().processes()) {
      for (NetSocket s : p.sockets()) {
        if (!s.outboundTcp() || !ports.contains(s.remotePort()) || allowedUids.contains(s.uid())) {
          continue;
        }
        InetAddress remote = PublicAddress.parseLiteral(s.remoteAddress());
        if (remote == null || remote.isLoopbackAddress()) {
          continue;
        }
        out.add(new Connection(p.pid(), p.comm(), s.uid(), accounts.userName(s.uid()), Cidr.of(remote).toString(), s.remotePort()));
      }
    }
    return out;
  }
}
