package dev.spamtrace.blocklist.zones;

import dev.spamtrace.geoip.PublicAddress;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What is looked up on a list: a server address (IPv4 or IPv6) or a customer domain.
 *
 * @param value the canonical text ({@code 192.0.2.42}, {@code 2001:db8::1}, {@code shop.example})
 * @param address the address, null for a domain
 */
public record Subject(String value, Kind kind, InetAddress address) {
  public enum Kind { IPV4, IPV6, DOMAIN }

  /** An IP literal or a plain domain name; null for anything else (never resolved, never a query). */
  public static Subject parse(String text) {
    InetAddress a = PublicAddress.parseLiteral(text);
    if (a != null) {
      return of(a);
    }
    String d = QueryName.normaliseDomain(text);
    return d == null ? null : new Subject(d, Kind.DOMAIN, null);
  }

  public static Subject of(InetAddress a) {
    String v = a.getHostAddress();
    if (a instanceof Inet6Address) {
      int pct = v.indexOf('%');
      v = compress(pct >= 0 ? v.substring(0, pct) : v);
      return new Subject(v, Kind.IPV6, a);
    }
    return new Subject(v, Kind.IPV4, a);
  }

  public boolean isAddress() {
    return kind != Kind.DOMAIN;
  }

  /** Whether a zone looks this subject up at all. */
  public boolean coveredBy(Zone z) {
    return switch (kind) {
      case DOMAIN -> z.target() == Zone.Target.DOMAIN;
      case IPV4 -> z.target() == Zone.Target.IP;
      case IPV6 -> z.target() == Zone.Target.IP && z.ipv6();
    };
  }

  /** The query name on a zone. */
  public String queryName(String zone) {
    return kind == Kind.DOMAIN ? value + "." + zone : QueryName.of(address, zone);
  }

  /** RFC 5952 text: the longest run of zero groups becomes {@code ::}. */
  static String compress(String full) {
    String[] g = full.split(":", -1);
    if (g.length != 8) {
      return full;
    }
    for (int i = 0; i < 8; i++) {
      g[i] = g[i].replaceFirst("^0+(?=.)", "");
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i].equals("0")) {
        int j = i;
        while (j < 8 && g[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return String.join(":", g);
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, 8));
    return left + "::" + right;
  }
}
