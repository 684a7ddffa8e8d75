package dev.spamtrace.cli;

import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace restore PATH}: puts quarantined files back. The same as undoing the quarantine
 * action, found by the original path or the quarantined file's path.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Put quarantined files back exactly (hash verified, owner, mode and times). Without --apply it only shows what it would do.",
    footer = ExitCode.HELP)
public final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "original path on the server, or the quarantined file in the case folder")
  List<String> paths;

  @Option(names = "--apply", description = "restore; without it nothing changes")
  boolean apply;

  @Override
  public Integer call() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Journal.ActionHistory h : Journal.histories(Journal.inStateDir(common.stateDir()).read().entries())) {
      if (!"quarantine-file".equals(h.intent().type()) || h.isUndone()) {
        continue;
      }
      String original = h.intent().param("path");
      String quarantined = h.intent().param("quarantinedAs");
      for (String p : paths) {
        String abs = Path.of(p).toAbsolutePath().normalize().toString();
        if (p.equals(original) || abs.equals(quarantined) || (abs + CaseFolder.QUARANTINE_RECORD_SUFFIX).equals(h.intent().param("record"))
            || abs.equals(h.intent().param("record"))) {
          ids.add(h.action());
        }
      }
    }
    if (ids.isEmpty()) {
      spec.commandLine().getErr().println("spamtrace: no quarantine in the journal matches " + paths);
      return ExitCode.USAGE;
    }
    List<String> args = new ArrayList<>(ids);
    args.add("--state-dir");
    args.add(common.stateDir().toString());
    args.add("--case-root");
    args.add(common.caseRoot().toString());
    if (common.config != null) {
      args.add("--config");
      args.add(common.config.toString());
    }
    args.add("--lang");
    args.add(common.lang().code());
    if (apply) {
      args.add("--apply");
    }
    CommandLine undo = new CommandLine(new UndoCommand());
    undo.setOut(spec.commandLine().getOut());
    undo.setErr(spec.commandLine().getErr());
    return undo.execute(args.toArray(String[]::new));
  }
}
