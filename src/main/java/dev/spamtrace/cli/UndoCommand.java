package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.ResponseSettings;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spamtrace undo}: reverses journaled actions, newest first. Shows first; acts with --apply. */
@Command(
    name = "undo",
    mixinStandardHelpOptions = true,
    description = "Reverse journaled actions, newest first. Without --apply it only shows what it would reverse.",
    footer = ExitCode.HELP)
public final class UndoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "ACTION_ID", arity = "0..*", description = "action ids from the journal (spamtrace journal)")
  List<String> ids = new ArrayList<>();

  @Option(names = "--case", paramLabel = "CASE", description = "every action of this case (YYYYMMDD)")
  String caseId;

  @Option(names = "--last", description = "only the most recent action")
  boolean last;

  @Option(names = "--all", description = "every action in the journal")
  boolean all;

  @Option(names = "--apply", description = "reverse them; without it nothing changes")
  boolean apply;

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws IOException {
    if (ids.isEmpty() && caseId == null && !last && !all) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say what to undo: ACTION_ID…, --case, --last or --all");
    }
    Lang lang = common.lang();
    Config config = common.config();
    Journal journal = Journal.inStateDir(common.stateDir());
    Undo undo = new Undo(journal);
    Predicate<Journal.ActionHistory> which = h -> all
        || ids.contains(h.action())
        || (caseId != null && caseId.equals(h.intent().caseId()))
        || last;
    List<Undo.Candidate> candidates = undo.candidates(which);
    if (last && !candidates.isEmpty()) {
      candidates = candidates.subList(0, 1);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (candidates.isEmpty()) {
      out.println(lang == Lang.JA ? "元に戻す操作はありません。" : "Nothing to undo.");
      return ExitCode.CLEAN;
    }
    boolean refused = false;
    for (Undo.Candidate c : candidates) {
      out.printf("%s %-18s %s%s%n", c.history().action(), c.history().intent().type(), Printable.of(c.history().intent().target()),
          c.reversible() ? "" : "  — " + c.why().in(lang));
      refused |= !c.reversible();
    }
    if (!apply) {
      out.println(lang == Lang.JA ? "(ドライラン: --apply で元に戻します)" : "(dry run: add --apply to reverse these)");
      out.flush();
      return ExitCode.CLEAN;
    }
    boolean ok = !refused;
    // Each action is reversed inside the root it was taken in.
    for (Undo.Candidate c : candidates) {
      if (!c.reversible()) {
        continue;
      }
      HostRoot root = HostRoot.of(Path.of(c.history().intent().root()));
      ActionContext ctx = new ActionContext(root, config, CaseFolder.forDay(common.caseRoot(),
          java.time.LocalDate.parse(c.history().intent().caseId(), java.time.format.DateTimeFormatter.BASIC_ISO_DATE)), clock,
          new SystemCommand(Duration.ofSeconds(config.section("response", ResponseSettings.class).commandTimeoutSeconds())));
      for (Undo.Reversed r : undo.apply(List.of(c), ctx)) {
        out.printf("%-8s %s %s%n", r.ok() ? "undone" : "FAILED", r.history().action(), Printable.of(r.message().in(lang)));
        ok &= r.ok();
      }
    }
    out.flush();
    return ok ? ExitCode.CLEAN : ExitCode.ACTION_FAILED;
  }
}
