package dev.spamtrace.response.firewall;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which processes talk SMTP to other hosts right now: the ones the SMTP policy would stop from
 * opening their next connection. Read from the proc directory only: each process's socket inodes
 * ({@code /proc/PID/fd/*} → {@code socket:[INODE]}) matched against {@code net/tcp} and
 * {@code net/tcp6} of its own network namespace (read once per namespace), as proc(5) documents.
 */
public final class SmtpConnections {
  /** One process with an open SMTP connection. */
  public record Connection(long pid, String command, int uid, String user, String remote, int remotePort) {}

  /** One row of {@code /proc/net/tcp}: what the policy needs. */
  public record TcpRow(InetAddress remote, int remotePort, int state, int uid, long inode) {}

  private SmtpConnections() {}

  /** Connections to {@code ports} on other hosts by users other than {@code allowedUids}. */
  public static List<Connection> current(HostRoot root, Set<Integer> ports, Set<Integer> allowedUids) {
    SystemUsers users = SystemUsers.read(root);
    Map<String, Map<Long, TcpRow>> byNetns = new HashMap<>();
    List<Connection> out = new ArrayList<>();
    List<String> pids;
    try {
      pids = root.listLocal(root.procDirectory());
    } catch (IOException e) {
      return out;
    }
    for (String pid : pids) {
      if (!pid.chars().allMatch(Character::isDigit)) {
        continue;
      }
      Set<Long> inodes = socketInodes(root, pid);
      if (inodes.isEmpty()) {
        continue;
      }
      String ns = root.readLink(root.proc(pid + "/ns/net")).orElse("?");
      Map<Long, TcpRow> rows = byNetns.computeIfAbsent(ns, k -> readTcp(root, pid));
      for (long inode : inodes) {
        TcpRow r = rows.get(inode);
        // 01 ESTABLISHED, 02 SYN_SENT (include/net/tcp_states.h)
        if (r == null || (r.state() != 1 && r.state() != 2) || !ports.contains(r.remotePort()) || r.remote().isLoopbackAddress()
            || allowedUids.contains(r.uid())) {
          continue;
        }
        String comm = root.read(root.proc(pid + "/comm"), 64) instanceof FileRead.Content c ? c.text().strip() : "?";
        out.add(new Connection(Long.parseLong(pid), comm, r.uid(), users.name(r.uid()), Cidr.of(r.remote()).toString(), r.remotePort()));
      }
    }
    return out;
  }

  private static Set<Long> socketInodes(HostRoot root, String pid) {
    Set<Long> out = new HashSet<>();
    try {
      for (String fd : root.listLocal(root.proc(pid + "/fd"))) {
        String link = root.readLink(root.proc(pid + "/fd/" + fd)).orElse("");
        if (link.startsWith("socket:[") && link.endsWith("]")) {
          String n = link.substring(8, link.length() - 1);
          if (n.matches("\\d{1,19}")) {
            out.add(Long.parseLong(n));
          }
        }
      }
    } catch (IOException e) {
      // the process went away or is not ours to read: nothing to list
    }
    return out;
  }

  private static Map<Long, TcpRow> readTcp(HostRoot root, String pid) {
    Map<Long, TcpRow> rows = new HashMap<>();
    for (String f : List.of("/net/tcp", "/net/tcp6")) {
      if (root.read(root.proc(pid + f), 64 << 20) instanceof FileRead.Content c) {
        for (TcpRow r : parse(c.latin1())) {
          rows.put(r.inode(), r);
        }
      }
    }
    return rows;
  }

  /**
   * Parses {@code /proc/net/tcp} or {@code tcp6}: {@code sl local_address rem_address st tx:rx tr:when
   * retrnsmt uid timeout inode …}; addresses are hex, each 32-bit word in host (little-endian) order.
   */
  public static List<TcpRow> parse(String text) {
    List<TcpRow> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[0].endsWith(":") || !f[2].contains(":")) {
        continue;
      }
      try {
        String[] rem = f[2].split(":");
        InetAddress a = address(rem[0]);
        int port = Integer.parseInt(rem[1], 16);
        int state = Integer.parseInt(f[3], 16);
        int uid = Integer.parseInt(f[7]);
        long inode = Long.parseLong(f[9]);
        out.add(new TcpRow(a, port, state, uid, inode));
      } catch (RuntimeException | UnknownHostException e) {
        // not a data row
      }
    }
    return out;
  }

  private static InetAddress address(String hex) throws UnknownHostException {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new UnknownHostException("bad address " + hex);
    }
    byte[] out = new byte[hex.length() / 2];
    for (int w = 0; w < out.length / 4; w++) {
      byte[] word = new BigInteger(hex.substring(w * 8, w * 8 + 8), 16).toByteArray();
      byte[] four = new byte[4];
      System.arraycopy(word, Math.max(0, word.length - 4), four, Math.max(0, 4 - word.length), Math.min(4, word.length));
      for (int i = 0; i < 4; i++) {
        out[w * 4 + i] = four[3 - i]; // little-endian word
      }
    }
    return InetAddress.getByAddress(out);
  }
}
