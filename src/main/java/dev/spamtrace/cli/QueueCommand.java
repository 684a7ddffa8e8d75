package dev.spamtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spamtrace queue …}: the mail queue on its own (summary, purge). */
@Command(name = "queue", mixinStandardHelpOptions = true,
    description = "The mail queue (Postfix, Exim, qmail), read from its files: summary and purge.", footer = ExitCode.HELP)
public final class QueueCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
