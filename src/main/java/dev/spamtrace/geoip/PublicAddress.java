package dev.spamtrace.geoip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses are public. Parses IP literals only: a host name is never resolved (that would
 * send a DNS query for attacker-chosen text).
 */
public final class PublicAddress {
  private PublicAddress() {}

  /** The address, or null when {@code s} is not an IPv4 or IPv6 literal. */
  public static InetAddress parseLiteral(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    if (t.startsWith("::ffff:") && t.indexOf('.') > 0) {
      t = t.substring(7); // IPv4-mapped, as vsftpd logs with listen_ipv6
    }
    if (t.isEmpty() || t.length() > 45) {
      return null;
    }
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      return InetAddress.getByName(t); // a literal: no DNS query
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Null when public; otherwise why not (loopback, private, documentation, …). */
  public static String whyNotPublic(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int x = b[0] & 0xff;
      int y = b[1] & 0xff;
      int z = b[2] & 0xff;
      if (x == 0) {
        return "this network";
      }
      if (x == 100 && y >= 64 && y <= 127) {
        return "shared (CGN)";
      }
      if (x == 192 && y == 0 && z == 0) {
        return "IETF protocol assignments";
      }
      if ((x == 192 && y == 0 && z == 2) || (x == 198 && y == 51 && z == 100) || (x == 203 && y == 0 && z == 113)) {
        return "documentation";
      }
      if (x == 198 && (y == 18 || y == 19)) {
        return "benchmarking";
      }
      if (x >= 240) {
        return "reserved";
      }
      return null;
    }
    if (a instanceof Inet6Address) {
      int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
      if ((first & 0xfe00) == 0xfc00) {
        return "unique local";
      }
      if (first == 0x2001 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
        return "documentation";
      }
      if ((first & 0xe000) != 0x2000) {
        return "not global unicast";
      }
      return null;
    }
    return "unknown family";
  }
}
