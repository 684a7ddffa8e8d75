package dev.spamtrace.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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

  private static final List<Class<?>> TOP = List.of(
      InvestigateCommand.class,
      DemoCommand.class,
      UndoCommand.class,
      RestoreCommand.class,
      JournalCommand.class,
      CommandLine.HelpCommand.class,
      BenchCommand.class,
      BlocklistCommand.class,
      QueueCommand.class,
      BlockCommand.class,
      FirewallCommand.class,
      LogsCommand.class,
      ScanCommand.class);

  static void addTo(CommandLine cl, String[] args) {
    Class<?> only = args.length > 0 ? named(args[0]) : null;
    for (Class<?> c : TOP) {
      if (only == null || c == only) {
        cl.addSubcommand(c == BenchCommand.class ? bench() : new CommandLine(c));
      }
    }
  }

  /** The command called {@code name} (or one of its aliases); null for help and for names no command has. */
  private static Class<?> named(String name) {
    for (Class<?> c : TOP) {
      Command a = c.getAnnotation(Command.class);
      if (c != CommandLine.HelpCommand.class && (a.name().equals(name) || List.of(a.aliases()).contains(name))) {
        return c;
      }
    }
    return null;
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
