package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.firewall.BlockAddress;
import dev.spamtrace.response.firewall.Cidr;
import dev.spamtrace.response.firewall.PortRange;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spamtrace block ADDR…}: block addresses or networks by hand. */
@Command(
    name = "block",
    mixinStandardHelpOptions = true,
    description = {"Block addresses or networks (IPv4/IPv6) at the firewall, on all ports or chosen ones, optionally for a while.",
        "Shows the plan; --apply takes it (journaled, undoable with `spamtrace undo`). Changes roll back after "
            + "firewall.confirm-within unless `spamtrace firewall confirm`. The never-block list (admin networks, this SSH "
            + "session, loopback, the server's own addresses) is never blocked."},
    footer = ExitCode.HELP)
public final class BlockCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RootOptions roots;

  @Parameters(paramLabel = "ADDR", arity = "1..*", description = "an address or network: 203.0.113.7, 203.0.113.0/24, 2001:db8::/48")
  List<String> addresses = new ArrayList<>();

  @Option(names = "--ports", paramLabel = "LIST", split = ",", description = "only these ports or ranges (21,49152-65535); default all traffic")
  List<String> ports = new ArrayList<>();

  @Option(names = "--for", paramLabel = "DURATION", description = "how long (90m, 12h, 7d); default until undone")
  String duration;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the journal")
  String reason = "blocked by hand";

  @Option(names = "--netns", paramLabel = "NAME", description = "act in this network namespace (overrides firewall.netns)")
  String netns;

  @Option(names = "--apply", description = "take the plan; without it nothing changes")
  boolean apply;

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws IOException {
    List<PortRange> pr = new ArrayList<>();
    Duration d;
    List<Action> actions = new ArrayList<>();
    try {
      for (String p : ports) {
        pr.add(PortRange.parse(p));
      }
      d = duration == null ? null : BlockAddress.parseDuration(duration);
      for (String a : addresses) {
        actions.add(new BlockAddress(Cidr.parse(a), pr, d, reason, List.of(), System.getenv()));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Config config = FirewallRun.config(common, netns);
    ActionContext ctx = FirewallRun.context(common, config, roots.single(spec.commandLine()), clock);
    return FirewallRun.showAndTake(actions, apply, common, ctx, spec.commandLine().getOut());
  }
}
