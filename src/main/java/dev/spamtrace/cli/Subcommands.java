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
    // Benchmarks, one line each: bench.addSubcommand(new QueueBenchCommand());
    bench.addSubcommand(new BenchScanCommand());
    cl.addSubcommand(bench);
    // Capabilities' commands, one line each: cl.addSubcommand(new QueueCommand());
    cl.addSubcommand(new ScanCommand());
  }
}
