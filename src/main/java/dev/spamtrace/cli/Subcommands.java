package dev.spamtrace.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The top-level commands, in the order the help lists them. One line per command here keeps
 * {@link Main} stable while capabilities land.
 *
 * <p>picocli reads every command's options by reflection when the command is added: for all of
 * them that was a fifth to a quarter of a second of every run's start. A run that names its command
 * ({@code spamtrace queue summary …}) gets that command alone; anything else (no command, an
 * option first, {@code help}, a misspelt name) gets them all, so help and suggestions are as
 * before.
 */
final class Subcommands {
  private Subcommands() {}

  /** A top-level command: its name (as its annotation gives it; a test holds them equal) and class. */
  record Top(String name, Class<?> type) {}

  static final List<Top> TOP = List.of(
      new Top("investigate", InvestigateCommand.class),
      new Top("demo", DemoCommand.class),
      new Top("undo", UndoCommand.class),
      new Top("restore", RestoreCommand.class),
      new Top("journal", JournalCommand.class),
      new Top("help", CommandLine.HelpCommand.class),
      new Top("bench", BenchCommand.class),
      new Top("blocklist", BlocklistCommand.class),
      new Top("queue", QueueCommand.class),
      new Top("block", BlockCommand.class),
      new Top("firewall", FirewallCommand.class),
      new Top("logs", LogsCommand.class),
      new Top("scan", ScanCommand.class));

  static void addTo(CommandLine cl, String[] args) {
    // The name is compared as text: reading each command's annotation would load its subcommands.
    String first = args.length > 0 ? args[0] : null;
    boolean known = first != null && !first.equals("help") && TOP.stream().anyMatch(t -> t.name().equals(first));
    for (Top t : TOP) {
      if (!known || t.name().equals(first)) {
        cl.addSubcommand(t.type() == BenchCommand.class ? bench() : new CommandLine(t.type()));
      }
    }
  }

  private static CommandLine bench() {
    CommandLine bench = new CommandLine(new BenchCommand());
    // Benchmarks, one line each.
    bench.addSubcommand(new BlocklistBenchCommand());
    bench.addSubcommand(new FirewallBenchCommand());
    bench.addSubcommand(new LogsBenchCommand());
    bench.addSubcommand(new QueueBenchCommand());
    bench.addSubcommand(new ProcBenchCommand());
    bench.addSubcommand(new BenchScanCommand());
    return bench;
  }
}
