package dev.spamtrace.response.firewall;

import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code spamtrace bench firewall-country-set}: compiles every network of some countries from the
 * country database, loads them into our nftables interval set in a pair of network namespaces it
 * makes for the purpose (never the host's firewall), and measures what a packet pays with ping
 * across the pair: no firewall, our set, and the naive alternative of one rule per network.
 * The set's lookup is one interval-tree search whatever its size; a chain of rules is walked
 * rule by rule. Both namespaces are deleted at the end, whatever happened.
 */
public final class CountrySetBench {
  private static final Pattern RTT = Pattern.compile("= ([0-9.]+)/([0-9.]+)/([0-9.]+)/");

  private final SystemCommand commands;
  private final PrintWriter out;

  public CountrySetBench(SystemCommand commands, PrintWriter out) {
    this.commands = commands;
    this.out = out;
  }

  private SystemCommand.Result must(String... argv) throws IOException {
    SystemCommand.Result r = commands.run(List.of(argv));
    if (!r.ok()) {
      throw new IOException(String.join(" ", argv) + ": " + r.describe());
    }
    return r;
  }

  /** Average round trip in microseconds of {@code pings} pings from the client to the server. */
  private double rttMicros(String client, String serverAddr, int pings) throws IOException {
    SystemCommand.Result r = must("ip", "netns", "exec", client, "ping", "-q", "-n", "-c", Integer.toString(pings), "-i", "0.002", serverAddr);
    Matcher m = RTT.matcher(r.stdout());
    if (!m.find()) {
      throw new IOException("no rtt in ping output: " + r.stdout());
    }
    return Double.parseDouble(m.group(2)) * 1000;
  }

  public void run(CountryDatabase db, Set<String> countries, int pings, Path workDir) throws IOException {
    String tag = Long.toString(ProcessHandle.current().pid());
    String server = "st-fw-bench-s" + tag;
    String client = "st-fw-bench-c" + tag;
    String serverAddr = "10.233.0.1";
    String clientAddr = "10.233.0.2";
    Files.createDirectories(workDir);
    try {
      must("ip", "netns", "add", server);
      must("ip", "netns", "add", client);
      must("ip", "-n", server, "link", "add", "vb", "type", "veth", "peer", "name", "vb", "netns", client);
      must("ip", "-n", server, "addr", "add", serverAddr + "/24", "dev", "vb");
      must("ip", "-n", client, "addr", "add", clientAddr + "/24", "dev", "vb");
      for (String ns : List.of(server, client)) {
        must("ip", "-n", ns, "link", "set", "lo", "up");
        must("ip", "-n", ns, "link", "set", "vb", "up");
      }

      long t0 = System.nanoTime();
      CountryNetworks nets = CountryNetworks.compile(db, countries);
      long compileMs = (System.nanoTime() - t0) / 1_000_000;
      List<Cidr> v4 = nets.v4().stream().filter(c -> !c.overlaps(Cidr.parse(clientAddr))).toList();
      out.printf("input: %s; countries %s: %d database networks read, %d IPv4 + %d IPv6 networks after merging adjacent ones%n",
          db.description(), countries, nets.scanned(), nets.v4().size(), nets.v6().size());
      out.printf("compile (walk the database, merge): %d ms%n", compileMs);

      rttMicros(client, serverAddr, 20); // warm up neighbour tables
      double bare = rttMicros(client, serverAddr, pings);

      FirewallTools tools = new FirewallTools(commands, server);
      NftBackend nft = new NftBackend(tools);
      Change change = new Change();
      change.replace(OurSet.BLOCK4, v4.stream().map(Element::net).toList());
      change.replace(OurSet.BLOCK6, nets.v6().stream().map(Element::net).toList());
      t0 = System.nanoTime();
      nft.apply(new Layout(List.of(0), List.of()), change, workDir);
      long loadSetMs = (System.nanoTime() - t0) / 1_000_000;
      int ourRules = countRules(tools, "inet", NftBackend.TABLE);
      double withSet = rttMicros(client, serverAddr, pings);
      nft.removeAll();

      // The naive way: one rule per network, walked in order for every packet.
      StringBuilder rules = new StringBuilder("add table inet bench_rules\n");
      rules.append("add chain inet bench_rules input { type filter hook input priority 0; policy accept; }\n");
      for (Cidr c : v4) {
        rules.append("add rule inet bench_rules input ip saddr ").append(c).append(" drop\n");
      }
      Path f = Files.createTempFile(workDir, "bench-rules-", ".nft");
      Files.writeString(f, rules, StandardCharsets.UTF_8);
      t0 = System.nanoTime();
      must("ip", "netns", "exec", server, "nft", "-f", f.toString());
      long loadRulesMs = (System.nanoTime() - t0) / 1_000_000;
      double withRules = rttMicros(client, serverAddr, pings);
      Files.deleteIfExists(f);

      out.printf("%-44s %10s %12s %14s%n", "", "load (ms)", "rules", "ping avg (µs)");
      out.printf("%-44s %10s %12s %14.1f%n", "no firewall", "-", "0", bare);
      out.printf("%-44s %10d %12d %14.1f%n", "spamtrace: " + (v4.size() + nets.v6().size()) + " networks in 2 interval sets", loadSetMs, ourRules, withSet);
      out.printf("%-44s %10d %12d %14.1f%n", "baseline: one rule per IPv4 network", loadRulesMs, v4.size(), withRules);
      out.printf("pings per figure: %d from %s to %s across a veth pair (each packet is looked up and passes)%n", pings, clientAddr, serverAddr);
    } finally {
      for (String ns : List.of(server, client)) {
        commands.run(List.of("ip", "netns", "del", ns));
      }
    }
  }

  private int countRules(FirewallTools tools, String family, String table) throws IOException {
    SystemCommand.Result r = tools.run("nft", "-a", "list", "table", family, table);
    int n = 0;
    for (String l : r.stdout().split("\n")) {
      if (l.contains("# handle") && !l.contains("chain ") && !l.contains("set ") && !l.contains("table ")) {
        n++;
      }
    }
    return n;
  }
}
