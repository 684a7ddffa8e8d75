package dev.spamtrace.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The commands, in the order the help lists them, with the subcommands of each group. One line
 * per command here keeps {@link Main} and the groups stable while capabilities land.
 *
 * <p>picocli reads every command's options by reflection when the command is added: for all of
 * them that was a fifth to a quarter of a second of every run's start. A run that names its command
 * ({@code spamtrace queue summary …}) gets that command alone, and of a group only the subcommand
 * it names (the other subcommands of {@code queue} cost 23 ms more); anything else (no command, an
 * option first, {@code help}, a misspelt name) gets them all, so help and suggestions are as
 * before.
 */
final class Subcommands {
  private Subcommands() {}

  /**
   * A command: its name (as its annotation gives it; a test holds them equal), class and, for a
   * group, its subcommands (which its annotation does not list: they are added here).
   */
  record Top(String name, Class<?> type, List<Top> children) {
    Top(String name, Class<?> type) {
      this(name, type, List.of());
    }
  }

  static final List<Top> TOP = List.of(
      new Top("investigate", InvestigateCommand.class),
      new Top("demo", DemoCommand.class),
      new Top("undo", UndoCommand.class),
      new Top("restore", RestoreCommand.class),
      new Top("journal", JournalCommand.class),
      new Top("help", CommandLine.HelpCommand.class),
      // Benchmarks, one line each.
      new Top("bench", BenchCommand.class, List.of(
          new Top("blocklist", BlocklistBenchCommand.class),
          new Top("firewall-country-set", FirewallBenchCommand.class),
          new Top("logs", LogsBenchCommand.class),
          new Top("queue", QueueBenchCommand.class),
          new Top("proc", ProcBenchCommand.class),
          new Top("scan", BenchScanCommand.class))),
      new Top("blocklist", BlocklistCommand.class, List.of(
          new Top("check", BlocklistCheckCommand.class),
          new Top("history", BlocklistHistoryCommand.class),
          new Top("delist", BlocklistDelistCommand.class),
          new Top("zones", BlocklistZonesCommand.class))),
      new Top("queue", QueueCommand.class, List.of(
          new Top("summary", QueueSummaryCommand.class),
          new Top("purge", QueuePurgeCommand.class))),
      new Top("block", BlockCommand.class),
      new Top("firewall", FirewallCommand.class, List.of(
          new Top("status", FirewallCommand.Status.class),
          new Top("confirm", FirewallCommand.Confirm.class),
          new Top("smtp-policy", FirewallCommand.SmtpPolicy.class),
          new Top("country-policy", FirewallCommand.CountryPolicyCommand.class))),
      new Top("logs", LogsCommand.class, List.of(new Top("parse", LogsCommand.Parse.class))),
      new Top("scan", ScanCommand.class));

  static void addTo(CommandLine cl, String[] args) {
    add(cl, TOP, args, 0, false);
  }

  /** Adds {@code commands}, or only the one {@code args[at]} names (when {@code args} name every level before it). */
  private static void add(CommandLine cl, List<Top> commands, String[] args, int at, boolean all) {
    // The name is compared as text: reading each command's annotation would load its subcommands.
    String name = !all && args.length > at ? args[at] : null;
    boolean known = name != null && !name.equals("help") && commands.stream().anyMatch(t -> t.name().equals(name));
    for (Top t : commands) {
      if (!known || t.name().equals(name)) {
        CommandLine sub = new CommandLine(t.type());
        add(sub, t.children(), args, at + 1, !known);
        cl.addSubcommand(sub);
      }
    }
  }
}
