package dev.spamtrace.blocklist.bench;

import dev.spamtrace.blocklist.zones.QueryName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A dnsmasq configuration that serves test blocklist zones on loopback: listed entries with TXT,
 * error codes, a zone that answers everything, one that answers nothing, one forwarded to a port
 * that never answers (a timeout) and names outside every zone (REFUSED). Used by the tests and by
 * {@code spamtrace bench blocklist}; never points at a real list.
 */
public final class DnsmasqConfig {
  private final List<String> lines = new ArrayList<>();

  public DnsmasqConfig(int port, String logFile) {
    lines.add("port=" + port);
    lines.add("listen-address=127.0.0.1");
    lines.add("bind-interfaces");
    lines.add("no-resolv");
    lines.add("no-hosts");
    if ("root".equals(System.getProperty("user.name"))) {
      lines.add("user=root"); // keep root: it writes its log to our folder; without this it drops to nobody
    }
    if (logFile != null) {
      lines.add("log-facility=" + logFile);
    }
  }

  /** Unknown names in the zone get NXDOMAIN (not REFUSED). */
  public DnsmasqConfig zone(String zone) {
    lines.add("local=/" + zone + "/");
    return this;
  }

  /** An address listed with the given answers (and a TXT reason when {@code txt} is not null). */
  public DnsmasqConfig listed(String zone, InetAddress address, String txt, String... answers) {
    return name(QueryName.of(address, zone), txt, answers);
  }

  /** A name (a domain on a domain list, or a raw query name) with the given answers. */
  public DnsmasqConfig name(String fullName, String txt, String... answers) {
    for (String a : answers) {
      lines.add("host-record=" + fullName + "," + a);
    }
    if (txt != null) {
      lines.add("txt-record=" + fullName + ",\"" + txt.replace("\"", "") + "\"");
    }
    return this;
  }

  /** Every name under the zone answers {@code answer}: a list that lists the world, or answers only errors. */
  public DnsmasqConfig wildcard(String zone, String answer) {
    lines.add("address=/" + zone + "/" + answer);
    return this;
  }

  /** Queries for the zone go to 127.0.0.1:port, where something reads and never answers: a timeout. */
  public DnsmasqConfig forwardTo(String zone, int port) {
    lines.add("server=/" + zone + "/127.0.0.1#" + port);
    return this;
  }

  public DnsmasqConfig logQueries() {
    lines.add("log-queries");
    return this;
  }

  public String text() {
    return String.join("\n", lines) + "\n";
  }
}
