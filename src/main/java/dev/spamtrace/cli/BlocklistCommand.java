package dev.spamtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spamtrace blocklist …}: the server's addresses on DNS lists, their history, and delisting done honestly. */
@Command(name = "blocklist", mixinStandardHelpOptions = true,
    description = "DNS blocklists: check the server's addresses (and customer domains), keep the history, plan delisting from the journal.",
    footer = ExitCode.HELP)
public final class BlocklistCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
