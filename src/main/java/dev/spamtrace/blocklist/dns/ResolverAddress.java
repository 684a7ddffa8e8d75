package dev.spamtrace.blocklist.dns;

import dev.spamtrace.geoip.PublicAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code ADDR[:PORT]} for {@code --resolver} and {@code blocklist.resolver}: an IP literal only
 * (a host name would need DNS to find DNS), IPv6 in brackets when a port follows.
 */
public final class ResolverAddress {
  private static final Set<String> PUBLIC = loadPublic();

  private ResolverAddress() {}

  public static InetSocketAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("resolver address is empty");
    }
    String t = text.trim();
    String host = t;
    int port = 53;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("resolver " + t + ": missing ]");
      }
      host = t.substring(1, close);
      String rest = t.substring(close + 1);
      if (rest.startsWith(":")) {
        port = port(rest.substring(1), t);
      } else if (!rest.isEmpty()) {
        throw new IllegalArgumentException("resolver " + t + ": expected [ADDR]:PORT");
      }
    } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
      host = t.substring(0, t.indexOf(':'));
      port = port(t.substring(t.indexOf(':') + 1), t);
    }
    InetAddress a = PublicAddress.parseLiteral(host);
    if (a == null) {
      throw new IllegalArgumentException("resolver " + t + ": not an IP address (write ADDR[:PORT], e.g. 127.0.0.1:53 or [::1]:53)");
    }
    return new InetSocketAddress(a, port);
  }

  private static int port(String s, String whole) {
    try {
      int p = Integer.parseInt(s);
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("resolver " + whole + ": bad port " + s);
    }
  }

  public static String format(InetSocketAddress a) {
    String h = a.getAddress().getHostAddress();
    return a.getAddress() instanceof Inet6Address ? "[" + h + "]:" + a.getPort() : h + ":" + a.getPort();
  }

  /**
   * The first {@code nameserver} of a resolv.conf (resolv.conf(5)); null when there is none. Pure:
   * the caller reads the file of the machine that will send the queries.
   */
  public static String firstNameserver(String resolvConf) {
    for (String line : resolvConf.split("\n")) {
      String l = line.strip();
      if (l.startsWith("nameserver")) {
        String[] p = l.split("\\s+");
        if (p.length >= 2 && PublicAddress.parseLiteral(p[1]) != null) {
          return p[1];
        }
      }
    }
    return null;
  }

  /** True for the well-known public resolvers the big lists refuse or lie to (dnsbl.md section 2.1). */
  public static boolean isKnownPublicResolver(InetAddress a) {
    return PUBLIC.contains(a.getHostAddress().replaceAll("%.*$", ""));
  }

  private static Set<String> loadPublic() {
    Set<String> s = new HashSet<>();
    try (InputStream in = ResolverAddress.class.getClassLoader().getResourceAsStream("blocklist/public-resolvers.txt")) {
      if (in == null) {
        return s;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String l = line.replaceAll("#.*$", "").strip();
        if (!l.isEmpty()) {
          InetAddress a = PublicAddress.parseLiteral(l);
          if (a != null) {
            s.add(a.getHostAddress());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s;
  }
}
