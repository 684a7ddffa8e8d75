package dev.spamtrace.cli;

import dev.spamtrace.blocklist.zones.Zone;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamtrace blocklist zones}: the catalogue, so the operator sees what is checked and how each list is left. */
@Command(name = "zones", mixinStandardHelpOptions = true, description = "List the zone catalogue: status, default set, removal policy, access needs.")
public final class BlocklistZonesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--all", description = "also show defunct and unreliable lists (never queried unless named)")
  boolean all;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-34s %-7s %-13s %-8s %-20s %-20s %s%n", "ZONE", "TARGET", "STATUS", "DEFAULT", "REMOVAL", "ACCESS", "DELISTING PAGE");
    for (Zone z : dev.spamtrace.blocklist.Zones.catalogue(dev.spamtrace.blocklist.BlocklistSettings.of(common.config())).all()) {
      if (z.isDead() && !all) {
        continue;
      }
      String status = z.status().id() + (z.since() != null ? " " + z.since() : "");
      String removal = z.removal().policy().id() + (z.removal().expiryDays() != null ? " " + z.removal().expiryDays() + "d" : "")
          + (z.removal().paid() ? " $" : "");
      out.printf("%-34s %-7s %-13s %-8s %-20s %-20s %s%n", z.zone(), z.target().id(), status, z.byDefault() ? "yes" : "-", removal,
          z.access().id(), z.delistingPage());
    }
    out.println();
    out.println("$ = a paid removal exists; never pay: every list here also removes for free or expires on its own.");
    out.flush();
    return ExitCode.CLEAN;
  }
}
