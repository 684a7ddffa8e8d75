package dev.spamtrace.cli;

import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.geoip.GeoIpSettings;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.firewall.CountrySetBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamtrace bench firewall-country-set}. */
@Command(name = "firewall-country-set", mixinStandardHelpOptions = true,
    description = "Compile a large country's networks into our nftables sets inside two namespaces made for the purpose (never the "
        + "host's firewall), time it, and compare what a packet pays against one rule per network. Needs root, ip, nft and ping.")
public final class FirewallBenchCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--countries", split = ",", paramLabel = "CC", description = "countries to compile (default US, the largest allocation list)")
  List<String> countries = new ArrayList<>(List.of("US"));

  @Option(names = "--pings", paramLabel = "N", description = "pings per measurement (default 500)")
  int pings = 500;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("spamtrace-bench-fw");
    try (CountryDatabase db = CountryDatabase.fromSetting(common.config().section("geoip", GeoIpSettings.class).database())) {
      new CountrySetBench(new SystemCommand(Duration.ofMinutes(5)), out)
          .run(db, new HashSet<>(countries.stream().map(c -> c.trim().toUpperCase(java.util.Locale.ROOT)).toList()), pings, work);
      String load = Files.readString(Path.of("/proc/loadavg")).trim();
      out.printf("load average: %s; peak RSS %d MiB%n", load, BenchCommand.peakRssMiB());
      out.flush();
      return ExitCode.CLEAN;
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
