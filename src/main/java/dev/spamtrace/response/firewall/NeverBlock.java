package dev.spamtrace.response.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.geoip.PublicAddress;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses no block or policy may ever cover, so that spamtrace cannot lock the operator out
 * (the CSF/docker flush that needed a reboot, anti-pattern A9): loopback, the configured admin
 * networks, the server's own addresses, and the address of every current SSH session. A block
 * touching one is refused whatever the incident says; our input chain also accepts them first.
 */
public final class NeverBlock {
  /** One protected network and why. */
  public record Entry(Cidr net, String why) {}

  private final List<Entry> entries;
  private final List<String> problems;

  public NeverBlock(List<Entry> entries, List<String> problems) {
    this.entries = List.copyOf(entries);
    this.problems = List.copyOf(problems);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** What could not be read (the server's addresses, {@code who}): shown, never silently dropped. */
  public List<String> problems() {
    return problems;
  }

  /** The protected entry {@code net} touches, if any. */
  public Optional<Entry> conflict(Cidr net) {
    return entries.stream().filter(e -> e.net().overlaps(net)).findFirst();
  }

  /** The refusal for a block of {@code net}, if it touches a protected address. */
  public Optional<Text> refusal(Cidr net) {
    return conflict(net).map(e -> Text.of("%s is never blocked: it covers %s (%s)", "%s はブロックしません: %s (%s) を含みます", net, e.net(), e.why()));
  }

  /**
   * Gathers the list.
   *
   * @param configured firewall.never-block
   * @param serverAddresses server.addresses
   * @param env the environment spamtrace runs in ({@code SSH_CONNECTION})
   * @param tools runs {@code ip -j addr} in the firewall's namespace
   * @param commands runs {@code who} on this machine
   */
  public static NeverBlock gather(List<String> configured, List<String> serverAddresses, Map<String, String> env, FirewallTools tools,
      SystemCommand commands) {
    List<Entry> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    out.add(new Entry(Cidr.parse("127.0.0.0/8"), "loopback"));
    out.add(new Entry(Cidr.parse("::1"), "loopback"));
    for (String c : configured) {
      out.add(new Entry(Cidr.parse(c), "firewall.never-block"));
    }
    for (String a : serverAddresses) {
      try {
        out.add(new Entry(Cidr.parse(a), "server.addresses"));
      } catch (IllegalArgumentException e) {
        problems.add("server.addresses: " + e.getMessage());
      }
    }
    String ssh = env.get("SSH_CONNECTION");
    if (ssh != null && !ssh.isBlank()) {
      InetAddress a = PublicAddress.parseLiteral(ssh.trim().split("\\s+")[0]);
      if (a != null) {
        out.add(new Entry(Cidr.of(a), "this SSH session (SSH_CONNECTION)"));
      }
    }
    try {
      SystemCommand.Result r = commands.run(List.of("who"));
      if (r.ok()) {
        for (String addr : whoAddresses(r.stdout())) {
          out.add(new Entry(Cidr.parse(addr), "logged in (who)"));
        }
      } else {
        problems.add("who: " + r.describe());
      }
    } catch (IOException e) {
      problems.add("who: " + e.getMessage());
    }
    try {
      SystemCommand.Result r = tools.run("ip", "-j", "addr", "show");
      if (r.ok()) {
        for (String addr : ownAddresses(r.stdout())) {
          out.add(new Entry(Cidr.parse(addr), "the server's own address"));
        }
      } else {
        problems.add("ip addr: " + r.describe());
      }
    } catch (IOException e) {
      problems.add("ip addr: " + e.getMessage());
    }
    return new NeverBlock(dedupe(out), problems);
  }

  private static List<Entry> dedupe(List<Entry> in) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : in) {
      if (out.stream().noneMatch(o -> o.net().equals(e.net()))) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The remote addresses in {@code who} output ({@code root pts/0 2026-06-18 10:00 (203.0.113.9)}).
   * A host name in the parentheses is not resolved (no DNS query for it); {@code :0} and
   * {@code tmux(…)} are not addresses.
   */
  static List<String> whoAddresses(String who) {
    List<String> out = new ArrayList<>();
    for (String line : who.split("\n")) {
      int open = line.lastIndexOf('(');
      int close = line.lastIndexOf(')');
      if (open < 0 || close < open) {
        continue;
      }
      InetAddress a = PublicAddress.parseLiteral(line.substring(open + 1, close));
      if (a != null) {
        out.add(Cidr.of(a).toString());
      }
    }
    return out;
  }

  /** Every local address in {@code ip -j addr show} (iproute2 JSON), as single addresses. */
  static List<String> ownAddresses(String json) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode link : new ObjectMapper().readTree(json)) {
      for (JsonNode ai : link.path("addr_info")) {
        InetAddress a = PublicAddress.parseLiteral(ai.path("local").asText(""));
        if (a != null) {
          out.add(Cidr.of(a).toString());
        }
      }
    }
    return out;
  }
}
