package dev.spamtrace.response.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * nftables: everything in one table of our own, {@code inet spamtrace}, with base chains at
 * priority -10 (before the distribution's filter tables). Every change is one {@code nft -f FILE}
 * transaction (all or nothing), the file written into the case folder first. Only our table is
 * ever listed, flushed or deleted.
 */
public final class NftBackend implements FirewallBackend {
  public static final String TABLE = "spamtrace";
  private static final String T = "inet " + TABLE;
  /** Elements per {@code add element} line: keeps lines short for tens of thousands of networks. */
  private static final int CHUNK = 1000;

  private final FirewallTools tools;

  public NftBackend(FirewallTools tools) {
    this.tools = tools;
  }

  @Override
  public String name() {
    return "nftables";
  }

  @Override
  public boolean refusesOverlaps() {
    return true;
  }

  /** Whether {@code nft} runs and the kernel answers. */
  public static boolean available(FirewallTools tools) {
    return tools.answers("nft", "list", "tables");
  }

  private boolean tablePresent() throws IOException {
    SystemCommand.Result r = tools.run("nft", "-j", "list", "tables");
    if (!r.ok()) {
      throw new IOException("nft list tables: " + r.describe());
    }
    JsonNode root = new ObjectMapper().readTree(r.stdout());
    for (JsonNode item : root.path("nftables")) {
      JsonNode t = item.get("table");
      if (t != null && TABLE.equals(t.path("name").asText()) && "inet".equals(t.path("family").asText())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public FirewallState read() throws IOException {
    if (!tablePresent()) {
      return FirewallState.absent();
    }
    SystemCommand.Result r = tools.run("nft", "-j", "list", "table", "inet", TABLE);
    if (!r.ok()) {
      throw new IOException("nft list table: " + r.describe());
    }
    return NftJson.parse(r.stdout(), TABLE);
  }

  @Override
  public String snapshot() throws IOException {
    if (!tablePresent()) {
      return "# table inet " + TABLE + " is absent\n";
    }
    SystemCommand.Result r = tools.run("nft", "list", "table", "inet", TABLE);
    if (!r.ok()) {
      throw new IOException("nft list table: " + r.describe());
    }
    return r.stdout();
  }

  @Override
  public Path apply(Layout layout, Change change, Path workDir) throws IOException {
    String text = render(layout, change);
    Files.createDirectories(workDir);
    Path file = Files.createTempFile(workDir, "nft-", ".nft");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    SystemCommand.Result r = tools.run(List.of("nft", "-f", file.toString()), null);
    if (!r.ok()) {
      throw new IOException("nft -f " + file + ": " + r.describe());
    }
    return file;
  }

  @Override
  public void removeAll() throws IOException {
    if (!tablePresent()) {
      return;
    }
    SystemCommand.Result r = tools.run("nft", "delete", "table", "inet", TABLE);
    if (!r.ok()) {
      throw new IOException("nft delete table: " + r.describe());
    }
  }

  /** The rule file for one transaction: layout first, then removals, additions, new timeouts, replacements. */
  static String render(Layout layout, Change change) {
    StringBuilder b = new StringBuilder();
    b.append("# written by spamtrace; applied with nft -f as one transaction\n");
    b.append("add table ").append(T).append('\n');
    for (OurSet s : layout.sets()) {
      b.append("add set ").append(T).append(' ').append(s.name()).append(" { type ").append(type(s)).append("; flags interval")
          .append(s.timeouts() ? ", timeout" : "").append("; }\n");
    }
    b.append("add chain ").append(T).append(" input { type filter hook input priority -10; policy accept; }\n");
    b.append("add chain ").append(T).append(" output { type filter hook output priority -10; policy accept; }\n");
    b.append("flush chain ").append(T).append(" input\n");
    b.append("flush chain ").append(T).append(" output\n");
    rule(b, "input", "iifname \"lo\" accept");
    rule(b, "input", "ip saddr @never4 accept");
    rule(b, "input", "ip6 saddr @never6 accept");
    rule(b, "input", "ip saddr @block4 drop");
    rule(b, "input", "ip6 saddr @block6 drop");
    rule(b, "input", "meta l4proto { tcp, udp } ip saddr . th dport @blockport4 drop");
    rule(b, "input", "meta l4proto { tcp, udp } ip6 saddr . th dport @blockport6 drop");
    for (String p : layout.policies()) {
      // Only new connections: replies to the server's own outgoing connections may land on
      // ports in the passive range and must never be judged by country.
      rule(b, "input", "tcp dport @cc_" + p + "_ports ct state new ip saddr != @cc_" + p + "_allow4 drop");
      rule(b, "input", "tcp dport @cc_" + p + "_ports ct state new ip6 saddr != @cc_" + p + "_allow6 drop");
    }
    rule(b, "output", "oifname \"lo\" accept");
    String uids = layout.mtaUids().isEmpty() ? ""
        : " meta skuid != { " + layout.mtaUids().stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }";
    rule(b, "output", "tcp dport @smtp_ports ct state new" + uids + " log prefix \"" + Layout.SMTP_LOG_PREFIX + "\" reject with tcp reset");

    for (Change.Remove r : change.removes()) {
      b.append("delete element ").append(T).append(' ').append(r.set().name()).append(" { ").append(r.element()).append(" }\n");
    }
    for (Change.Add a : change.adds()) {
      b.append("add element ").append(T).append(' ').append(a.set().name()).append(" { ").append(element(a)).append(" }\n");
    }
    // No element update in nftables 1.0.6: delete and add again inside the same transaction.
    for (Change.Add a : change.retimes()) {
      b.append("delete element ").append(T).append(' ').append(a.set().name()).append(" { ").append(a.element()).append(" }\n");
      b.append("add element ").append(T).append(' ').append(a.set().name()).append(" { ").append(element(a)).append(" }\n");
    }
    for (Map.Entry<OurSet, List<Element>> e : change.replacements().entrySet()) {
      b.append("flush set ").append(T).append(' ').append(e.getKey().name()).append('\n');
      List<Element> els = e.getValue();
      for (int i = 0; i < els.size(); i += CHUNK) {
        b.append("add element ").append(T).append(' ').append(e.getKey().name()).append(" { ");
        b.append(els.subList(i, Math.min(els.size(), i + CHUNK)).stream().map(Element::toString).collect(Collectors.joining(", ")));
        b.append(" }\n");
      }
    }
    return b.toString();
  }

  private static void rule(StringBuilder b, String chain, String rule) {
    b.append("add rule ").append(T).append(' ').append(chain).append(' ').append(rule).append('\n');
  }

  private static String element(Change.Add a) {
    return a.element() + (a.timeoutSeconds() == null ? "" : " timeout " + a.timeoutSeconds() + "s");
  }

  private static String type(OurSet s) {
    String addr = s.v6() ? "ipv6_addr" : "ipv4_addr";
    return switch (s.kind()) {
      case NET -> addr;
      case PORT -> "inet_service";
      case NET_PORT -> addr + " . inet_service";
    };
  }
}
