package dev.spamtrace.cli;

import dev.spamtrace.incident.Lang;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamtrace journal}: what was done, when, and whether it was undone. */
@Command(name = "journal", mixinStandardHelpOptions = true, description = "Show the journal of actions taken.", footer = ExitCode.HELP)
public final class JournalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(names = "--json", description = "print the raw entries (one JSON object per line)")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Lang lang = common.lang();
    Journal journal = Journal.inStateDir(common.stateDir());
    Journal.Contents contents = journal.read();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      for (JournalEntry e : contents.entries()) {
        out.println(Journal.mapper().writeValueAsString(e));
      }
    } else {
      for (Journal.ActionHistory h : Journal.histories(contents.entries())) {
        JournalEntry i = h.intent();
        String state = h.isUndone() ? "undone" : h.lastUndo() != null ? h.lastUndo().phase().name()
            : h.result() == null ? "CUT OFF (no result: run undo or check by hand)" : h.result().phase().name();
        out.printf("%s  %s  case %s  %-18s %s%n    %s — %s%n", i.time(), i.action(), i.caseId(), i.type(), Printable.of(i.target()),
            state, h.result() != null && h.result().message() != null ? Printable.of(h.result().message().in(lang)) : "");
      }
    }
    for (String p : contents.problems()) {
      spec.commandLine().getErr().println("journal " + journal.file() + ": " + p);
    }
    out.flush();
    return contents.problems().isEmpty() ? ExitCode.CLEAN : ExitCode.PARTIAL;
  }
}
