package dev.spamtrace.cli;

import dev.spamtrace.blocklist.bench.DnsmasqConfig;
import dev.spamtrace.blocklist.dns.BlocklistChecker;
import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.dns.DnsTransport;
import dev.spamtrace.blocklist.dns.PooledUdpTransport;
import dev.spamtrace.blocklist.dns.ResolverTransport;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace bench blocklist}: N addresses × M lists against a dnsmasq it starts on a free
 * loopback port (zones built from the catalogue's default set, renamed under {@code .test}; no real
 * list is ever asked), side by side with a sequential {@code dig}-per-query loop on a sample, which
 * is what blcheck-style scripts do. Prints the input, the figures and the load average.
 */
@Command(name = "blocklist", mixinStandardHelpOptions = true,
    description = "Benchmark blocklist checks: addresses x lists against a local dnsmasq, with a dig loop as the baseline.")
public final class BlocklistBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--addresses", description = "addresses to check (from 198.18.0.0/15, the benchmarking range; default 256)")
  int addresses = 256;

  @Option(names = "--zones", description = "lists (default 50)")
  int zones = 50;

  @Option(names = "--max-in-flight", description = "queries outstanding at once (default 64, as blocklist.max-in-flight)")
  int maxInFlight = 64;

  @Option(names = "--udp-sockets", description = "UDP sockets to the resolver (default 8, as blocklist.udp-sockets; 0 = a new socket per query)")
  int udpSockets = 8;

  @Option(names = "--runs", description = "measured runs after one warm-up (default 3; the median is reported)")
  int runs = 3;

  @Option(names = "--dig-sample", description = "queries the dig loop makes (default 300; 0 to skip)")
  int digSample = 300;

  @Option(names = "--dnsmasq", description = "the dnsmasq binary (default /usr/sbin/dnsmasq)")
  String dnsmasq = "/usr/sbin/dnsmasq";

  @Option(names = "--dig", description = "the dig binary (default /usr/bin/dig)")
  String dig = "/usr/bin/dig";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!new File(dnsmasq).canExecute()) {
      spec.commandLine().getErr().println("dnsmasq not found at " + dnsmasq + " (apt-get install dnsmasq-base)");
      return ExitCode.USAGE;
    }
    Path dir = Files.createTempDirectory("spamtrace-bench-blocklist");
    List<Zone> lists = benchZones(zones);
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < addresses; i++) {
      subjects.add(Subject.of(InetAddress.getByAddress(new byte[] {(byte) 198, (byte) (18 + i / 65536), (byte) (i / 256 % 256), (byte) (i % 256)})));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DnsmasqConfig conf = new DnsmasqConfig(port, dir.resolve("dnsmasq.log").toString());
    int listedPairs = 0;
    for (int z = 0; z < lists.size(); z++) {
      String name = lists.get(z).zone();
      conf.zone(name);
      String code = firstCode(lists.get(z));
      conf.listed(name, InetAddress.getByName("127.0.0.2"), null, code);
      for (int i = z % 16; i < addresses; i += 16) {
        conf.listed(name, subjects.get(i).address(), z % 2 == 0 ? "bench listing" : null, code);
        listedPairs++;
      }
    }
    Path confFile = dir.resolve("dnsmasq.conf");
    Files.writeString(confFile, conf.text());
    Process p = new ProcessBuilder(dnsmasq, "--keep-in-foreground", "--conf-file=" + confFile, "--pid-file=")
        .redirectErrorStream(true).redirectOutput(dir.resolve("dnsmasq.out").toFile()).redirectInput(new File("/dev/null")).start();
    try {
      InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      awaitDnsmasq(server, lists.get(0));
      out.printf("input: %d addresses (198.18.0.0/15) x %d lists = %d lookups; %d listed pairs; dnsmasq on 127.0.0.1:%d (its default cache, no query log)%n",
          addresses, lists.size(), addresses * lists.size(), listedPairs, port);
      out.printf("spamtrace: dnsjava messages, %s, max-in-flight %d, no rate limit (loopback copies: in real use blocklist.queries-per-second-per-zone"
          + " and each list's published limit apply, e.g. SPFBL 10/s makes 256 addresses take >= 26 s there), timeout 2 s, retries 2,"
          + " every list's health check included%n", udpSockets > 0 ? udpSockets + " UDP sockets kept open" : "a new socket per query (dnsjava SimpleResolver)", maxInFlight);
      out.printf("load average before: %s%n", loadAverage());
      BlocklistChecker.Settings settings = new BlocklistChecker.Settings(Duration.ofSeconds(2), 2, maxInFlight, 0);
      long[] wall = new long[runs];
      long queries = 0;
      int listed = 0;
      int unknown = 0;
      DnsTransport transport = udpSockets > 0 ? new PooledUdpTransport(server, udpSockets) : new ResolverTransport(server);
      try (BlocklistChecker checker = new BlocklistChecker(transport, settings, Clock.systemUTC())) {
        checker.check(subjects, lists, Map.of()); // warm-up
        for (int r = 0; r < runs; r++) {
          long t0 = System.nanoTime();
          CheckRun run = checker.check(subjects, lists, Map.of());
          wall[r] = System.nanoTime() - t0;
          queries = run.queries();
          listed = run.listed().size();
          unknown = run.unknown().size();
        }
      }
      long[] sorted = wall.clone();
      Arrays.sort(sorted);
      double median = sorted[runs / 2] / 1e9;
      out.printf("spamtrace: %d queries (lookups + TXT for listings + health) in %.2f s (median of %d; runs %s), %.0f queries/s, %.0f lookups/s; %d listed, %d could not tell%n",
          queries, median, runs, Arrays.toString(Arrays.stream(wall).mapToObj(w -> String.format("%.2f", w / 1e9)).toArray()), queries / median,
          addresses * lists.size() / median, listed, unknown);
      if (unknown > 0) {
        out.println("WARNING: some lookups could not tell; the figures include their timeouts");
      }
      if (digSample > 0 && new File(dig).canExecute()) {
        long t0 = System.nanoTime();
        int done = 0;
        for (int i = 0; i < digSample; i++) {
          Subject s = subjects.get(i % subjects.size());
          Zone z = lists.get(i % lists.size());
          Process d = new ProcessBuilder(dig, "+short", "+tries=1", "+time=2", "-p", Integer.toString(port), "@127.0.0.1", s.queryName(z.zone()), "A")
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
          if (d.waitFor(10, TimeUnit.SECONDS)) {
            done++;
          } else {
            d.destroyForcibly();
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double perQuery = secs / done;
        out.printf("dig loop (one dig per query, sequential, as blcheck does): %d queries in %.2f s = %.1f ms/query, %.0f queries/s; %d lookups would take ~%.0f s%n",
            done, secs, perQuery * 1000, done / secs, addresses * lists.size(), perQuery * addresses * lists.size());
        out.printf("ratio: spamtrace is ~%.0fx faster than the dig loop for the same %d lookups%n", perQuery * addresses * lists.size() / median, addresses * lists.size());
      } else if (digSample > 0) {
        out.println("dig not found at " + dig + " (apt-get install bind9-dnsutils): baseline skipped");
      }
      out.printf("load average after: %s%n", loadAverage());
      out.printf("peak RSS of this JVM: %d MiB%n", BenchCommand.peakRssMiB());
    } finally {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      // dnsmasq's configuration and log went there: nothing of the run is left in the temporary folder.
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    out.flush();
    return ExitCode.CLEAN;
  }

  /** The catalogue's default IP lists, repeated as needed, each renamed to a loopback test zone. */
  static List<Zone> benchZones(int n) {
    List<Zone> base = ZoneCatalogue.shipped().defaults(Zone.Target.IP, Map.of());
    List<Zone> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Loopback copies: the real lists' published rate limits (Mailspike 20/s, SPFBL 10/s) do not apply to them.
      out.add(base.get(i % base.size()).renamed("bench" + i + "." + base.get(i % base.size()).zone().replace('.', '-') + ".test")
          .withQueriesPerSecond(null));
    }
    return out;
  }

  static String firstCode(Zone z) {
    return z.listed().keySet().stream().sorted().findFirst().orElse("127.0.0.2");
  }

  private static void awaitDnsmasq(InetSocketAddress server, Zone z) throws Exception {
    org.xbill.DNS.SimpleResolver r = new org.xbill.DNS.SimpleResolver(server);
    r.setTimeout(Duration.ofMillis(200));
    org.xbill.DNS.Message q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
        org.xbill.DNS.Name.fromString("2.0.0.127." + z.zone() + "."), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN));
    for (int i = 0; i < 100; i++) {
      try {
        if (r.send(q).getRcode() == 0) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("dnsmasq did not answer on " + server);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
