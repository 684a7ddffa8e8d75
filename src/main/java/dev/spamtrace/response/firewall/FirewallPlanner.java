package dev.spamtrace.response.firewall;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.Planner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans a block for every {@code attacker-address} finding (evidence {@code address}, else the
 * subject), when {@code firewall.plan-from-incidents} is on. Whatever a finding says, the block
 * is checked against the never-block list when it is taken, and refused if it touches it.
 */
public final class FirewallPlanner implements Planner {
  private final Map<String, String> env;

  public FirewallPlanner() {
    this(System.getenv());
  }

  /** @param env the environment whose SSH_CONNECTION is never blocked */
  public FirewallPlanner(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public int order() {
    return Order.FIREWALL;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    FirewallSettings s = Firewall.settings(config);
    List<Action> out = new ArrayList<>();
    if (!s.planFromIncidents()) {
      return out;
    }
    Duration d = s.incidentBlockHours() == 0 ? null : Duration.ofHours(s.incidentBlockHours());
    for (Finding f : findings) {
      if (f.kind() != FindingKind.ATTACKER_ADDRESS) {
        continue;
      }
      Object a = f.evidence().getOrDefault("address", f.subject());
      Cidr net;
      try {
        net = Cidr.parse(String.valueOf(a));
      } catch (IllegalArgumentException e) {
        continue; // not an address: nothing a firewall can block
      }
      out.add(new BlockAddress(net, List.of(), d, f.summary().en(), List.of(f.id()), env));
    }
    return out;
  }
}
