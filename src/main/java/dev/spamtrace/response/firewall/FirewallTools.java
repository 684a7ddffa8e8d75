package dev.spamtrace.response.firewall;

import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the firewall tools ({@code nft}, {@code iptables-restore}, {@code ipset}, {@code ip}) as
 * argument lists, inside the configured network namespace ({@code ip netns exec NAME …}) when one
 * is set. Never a shell string.
 */
public final class FirewallTools {
  private final SystemCommand commands;
  private final String netns;

  public FirewallTools(SystemCommand commands, String netns) {
    this.commands = commands;
    this.netns = netns == null ? "" : netns;
    if (!this.netns.isEmpty() && !this.netns.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("not a namespace name: " + netns);
    }
  }

  public String netns() {
    return netns;
  }

  public SystemCommand.Result run(String... argv) throws IOException {
    return run(List.of(argv), null);
  }

  public SystemCommand.Result run(List<String> argv, byte[] stdin) throws IOException {
    List<String> full = new ArrayList<>();
    if (!netns.isEmpty()) {
      full.addAll(List.of("ip", "netns", "exec", netns));
    }
    full.addAll(argv);
    return commands.run(full, stdin);
  }

  /** Whether a tool runs at all here ({@code nft --version}, {@code ipset version}). */
  public boolean answers(String... argv) {
    try {
      return run(argv).ok();
    } catch (IOException e) {
      return false;
    }
  }
}
