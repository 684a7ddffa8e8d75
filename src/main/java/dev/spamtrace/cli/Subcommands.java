package dev.spamtrace.cli;

import picocli.CommandLine;

/**
 * Subcommands each capability adds (queue, scan, logs, blocklist, firewall, …). One line per
 * command here keeps {@link Main} stable while capabilities land.
 */
final class Subcommands {
  private Subcommands() {}

  static void addTo(CommandLine cl) {
    CommandLine bench = new CommandLine(new BenchCommand());
    cl.addSubcommand(bench);
    // Benchmarks, one line each.
    bench.addSubcommand(new BlocklistBenchCommand());
    bench.addSubcommand(new FirewallBenchCommand());
    bench.addSubcommand(new LogsBenchCommand());
    bench.addSubcommand(new QueueBenchCommand());
    bench.addSubcommand(new ProcBenchCommand());
    bench.addSubcommand(new BenchScanCommand());
    // Capabilities' commands, one line each.
    cl.addSubcommand(new BlocklistCommand());
    cl.addSubcommand(new QueueCommand());
    cl.addSubcommand(new BlockCommand());
    cl.addSubcommand(new FirewallCommand());
    cl.addSubcommand(new LogsCommand());
    cl.addSubcommand(new ScanCommand());
  }
}
