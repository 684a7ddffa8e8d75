package dev.spamtrace.cli;

import picocli.CommandLine;

/**
 * Subcommands each capability adds (queue, scan, logs, blocklist, firewall, …). One line per
 * command here keeps {@link Main} stable while capabilities land.
 */
final class Subcommands {
  private Subcommands() {}

  static void addTo(CommandLine cl) {
    // capabilities add their commands here, e.g. cl.addSubcommand(new QueueCommand());
  }
}
