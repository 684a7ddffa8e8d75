package dev.spamtrace.blocklist;

import dev.spamtrace.geoip.PublicAddress;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public addresses of the server under a root, from what the root itself says: the network
 * configuration (RHEL/Virtuozzo {@code ifcfg-*}, Debian {@code interfaces}, netplan), the panel's
 * own files (cPanel {@code /etc/ips} and {@code mainip}, Plesk's per-site nginx {@code listen}
 * lines) and, for a live root, the kernel ({@code /proc/net/fib_trie}, {@code /proc/net/if_inet6}).
 * Parsing is pure (text in, addresses out); only {@link #discover} reads.
 */
public final class ServerAddresses {
  private static final long MAX = 1 << 20;
  private static final Pattern IFCFG = Pattern.compile("^\\s*(IPADDR\\d*|IPV6ADDR|IPV6ADDR_SECONDARIES)\\s*=\\s*(.*)$");
  private static final Pattern DEBIAN = Pattern.compile("^\\s*address\\s+(\\S+)");
  private static final Pattern NGINX_LISTEN = Pattern.compile("^\\s*listen\\s+(\\[[0-9A-Fa-f:.]+\\]|\\d{1,3}(?:\\.\\d{1,3}){3})(?::\\d+)?[\\s;]");
  private static final Pattern TOKEN = Pattern.compile("[0-9A-Fa-f:.]+(?:/\\d{1,3})?");

  private ServerAddresses() {}

  /** One address and where it was seen. */
  public record Found(String address, String source) {}

  /** Public addresses (in order of first sighting) and the others that were seen but are not public. */
  public record Discovered(List<Found> addresses, List<Found> notPublic, List<String> unreadable) {}

  public static Discovered discover(HostRoot root) {
    Map<String, Found> pub = new LinkedHashMap<>();
    Map<String, Found> priv = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    java.util.function.BiConsumer<String, List<String>> add = (source, addrs) -> {
      for (String s : addrs) {
        InetAddress a = PublicAddress.parseLiteral(s);
        if (a == null) {
          continue;
        }
        String v = dev.spamtrace.blocklist.zones.Subject.of(a).value();
        (PublicAddress.whyNotPublic(a) == null ? pub : priv).putIfAbsent(v, new Found(v, source));
      }
    };
    for (String f : files(root, "/etc/sysconfig/network-scripts", "ifcfg-")) {
      text(root, f, unreadable).ifPresent(t -> add.accept(f, parseIfcfg(t)));
    }
    List<String> debian = new ArrayList<>(List.of("/etc/network/interfaces"));
    debian.addAll(files(root, "/etc/network/interfaces.d", ""));
    for (String f : debian) {
      text(root, f, unreadable).ifPresent(t -> add.accept(f, parseDebianInterfaces(t)));
    }
    for (String f : files(root, "/etc/netplan", "")) {
      if (f.endsWith(".yaml") || f.endsWith(".yml")) {
        text(root, f, unreadable).ifPresent(t -> add.accept(f, parseNetplan(t)));
      }
    }
    text(root, "/var/cpanel/mainip", unreadable).ifPresent(t -> add.accept("/var/cpanel/mainip", List.of(t.strip())));
    text(root, "/etc/ips", unreadable).ifPresent(t -> add.accept("/etc/ips", parseCpanelIps(t)));
    for (String site : list(root, "/var/www/vhosts/system")) {
      for (String conf : List.of("nginx.conf", "last_nginx.conf")) {
        String f = "/var/www/vhosts/system/" + site + "/conf/" + conf;
        text(root, f, new ArrayList<>()).ifPresent(t -> add.accept(f, parseNginxListen(t)));
      }
    }
    readProc(root, "net/fib_trie").ifPresent(t -> add.accept("/proc/net/fib_trie", parseFibTrie(t)));
    readProc(root, "net/if_inet6").ifPresent(t -> add.accept("/proc/net/if_inet6", parseIfInet6(t)));
    return new Discovered(List.copyOf(pub.values()), List.copyOf(priv.values()), unreadable);
  }

  private static java.util.Optional<String> text(HostRoot root, String serverPath, List<String> unreadable) {
    FileRead r;
    try {
      r = root.read(serverPath, MAX);
    } catch (RuntimeException e) {
      unreadable.add(serverPath + ": " + e.getMessage());
      return java.util.Optional.empty();
    }
    if (r instanceof FileRead.Content c) {
      return java.util.Optional.of(c.text());
    }
    if (r instanceof FileRead.Unreadable u) {
      unreadable.add(serverPath + ": " + u.reason());
    }
    return java.util.Optional.empty();
  }

  private static java.util.Optional<String> readProc(HostRoot root, String rel) {
    FileRead r = root.read(root.proc(rel), MAX);
    return r instanceof FileRead.Content c ? java.util.Optional.of(c.text()) : java.util.Optional.empty();
  }

  private static List<String> list(HostRoot root, String dir) {
    try {
      return root.list(dir);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static List<String> files(HostRoot root, String dir, String prefix) {
    List<String> out = new ArrayList<>();
    for (String n : list(root, dir)) {
      if (n.startsWith(prefix)) {
        out.add(dir + "/" + n);
      }
    }
    return out;
  }

  /** RHEL/CentOS/Virtuozzo {@code ifcfg-*}: {@code IPADDR}, {@code IPADDRn}, {@code IPV6ADDR}, {@code IPV6ADDR_SECONDARIES}. */
  public static List<String> parseIfcfg(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = IFCFG.matcher(line);
      if (m.matches()) {
        String v = m.group(2).strip().replaceAll("^[\"']|[\"']$", "");
        for (String t : v.split("\\s+")) {
          addToken(out, t);
        }
      }
    }
    return out;
  }

  /** Debian {@code /etc/network/interfaces}: {@code address 192.0.2.10/24} inside an iface stanza. */
  public static List<String> parseDebianInterfaces(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = DEBIAN.matcher(line.replaceAll("#.*$", ""));
      if (m.find()) {
        addToken(out, m.group(1));
      }
    }
    return out;
  }

  /** netplan: {@code addresses: [192.0.2.10/24, "2001:db8::10/64"]} or one {@code - ADDR/N} per line under it. */
  public static List<String> parseNetplan(String text) {
    List<String> out = new ArrayList<>();
    int blockIndent = -1;
    for (String raw : text.split("\n")) {
      String line = raw.replaceAll("#.*$", "");
      if (line.isBlank()) {
        continue;
      }
      int indent = line.length() - line.stripLeading().length();
      String t = line.strip();
      if (t.startsWith("addresses:")) {
        String rest = t.substring("addresses:".length()).strip();
        if (rest.startsWith("[")) {
          for (String item : rest.replaceAll("[\\[\\]\"']", "").split(",")) {
            addToken(out, item.strip());
          }
          blockIndent = -1;
        } else {
          blockIndent = indent;
        }
      } else if (blockIndent >= 0 && indent > blockIndent && t.startsWith("-")) {
        addToken(out, t.substring(1).strip().replaceAll("[\"':]+$", "").replaceAll("^[\"']", ""));
      } else if (blockIndent >= 0 && indent <= blockIndent) {
        blockIndent = -1;
      }
    }
    return out;
  }

  /** cPanel {@code /etc/ips}: {@code IP:NETMASK:BROADCAST}, one per line. */
  public static List<String> parseCpanelIps(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (!t.isEmpty()) {
        addToken(out, t.split(":", 2)[0]);
      }
    }
    return out;
  }

  /** nginx {@code listen ADDR:PORT} lines (Plesk writes one per site address). */
  public static List<String> parseNginxListen(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = NGINX_LISTEN.matcher(line);
      if (m.find()) {
        addToken(out, m.group(1).replaceAll("[\\[\\]]", ""));
      }
    }
    return out;
  }

  /** {@code /proc/net/fib_trie}: the addresses followed by a {@code /32 host LOCAL} line. */
  public static List<String> parseFibTrie(String text) {
    List<String> out = new ArrayList<>();
    String last = null;
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.startsWith("|-- ")) {
        last = t.substring(4).strip();
      } else if (last != null && t.startsWith("/32 host LOCAL")) {
        if (!out.contains(last)) {
          out.add(last);
        }
      }
    }
    return out;
  }

  /** {@code /proc/net/if_inet6}: 32 hex digits, ifindex, prefix length, scope, flags, name; global scope only. */
  public static List<String> parseIfInet6(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 6 && f[0].matches("[0-9a-fA-F]{32}") && f[3].equals("00")) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i += 4) {
          if (i > 0) {
            s.append(':');
          }
          s.append(f[0], i, i + 4);
        }
        out.add(s.toString());
      }
    }
    return out;
  }

  private static void addToken(List<String> out, String token) {
    Matcher m = TOKEN.matcher(token);
    if (m.matches()) {
      String a = token.replaceAll("/\\d+$", "");
      if (PublicAddress.parseLiteral(a) != null) {
        out.add(a);
      }
    }
  }
}
