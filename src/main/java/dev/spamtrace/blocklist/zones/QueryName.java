package dev.spamtrace.blocklist.zones;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The name to query for an address or a domain on a list (RFC 5782 section 2): IPv4 octets
 * reversed ({@code 192.0.2.99} on {@code zone} is {@code 99.2.0.192.zone}); IPv6 as 32 reversed
 * nibbles (section 2.4); a domain as itself in front of the zone (section 3).
 */
public final class QueryName {
  private QueryName() {}

  public static String of(InetAddress address, String zone) {
    return reverse(address) + "." + zone;
  }

  /** The reversed form, without the zone. */
  public static String reverse(InetAddress address) {
    byte[] b = address.getAddress();
    StringBuilder s = new StringBuilder();
    if (address instanceof Inet4Address) {
      for (int i = 3; i >= 0; i--) {
        s.append(b[i] & 0xff);
        if (i > 0) {
          s.append('.');
        }
      }
    } else if (address instanceof Inet6Address) {
      for (int i = 15; i >= 0; i--) {
        int v = b[i] & 0xff;
        s.append(Character.forDigit(v & 0xf, 16)).append('.').append(Character.forDigit(v >> 4, 16));
        if (i > 0) {
          s.append('.');
        }
      }
    } else {
      throw new IllegalArgumentException("not an IP address");
    }
    return s.toString();
  }

  /**
   * A domain in front of the zone, lower-cased; null when it is not a plain host name (letters,
   * digits, hyphens, dots; no empty labels): attacker-chosen text never becomes a query.
   */
  public static String ofDomain(String domain, String zone) {
    String d = normaliseDomain(domain);
    return d == null ? null : d + "." + zone;
  }

  public static String normaliseDomain(String domain) {
    if (domain == null) {
      return null;
    }
    String d = domain.trim().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.length() > 200 || !d.contains(".")) {
      return null;
    }
    for (String label : d.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
          || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return null;
      }
    }
    return d;
  }
}
