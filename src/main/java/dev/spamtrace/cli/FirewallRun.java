package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.ResponseSettings;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the firewall commands share: the configuration with --netns, the context, showing and taking a plan. */
final class FirewallRun {
  private FirewallRun() {}

  static Config config(CommonOptions common, String netns) {
    Config c = common.config();
    return netns == null ? c : c.with(Map.of("firewall", Map.of("netns", netns)));
  }

  static ActionContext context(CommonOptions common, Config config, HostRoot root, Clock clock) {
    return new ActionContext(root, config, CaseFolder.today(common.caseRoot(), clock), clock,
        new SystemCommand(Duration.ofSeconds(config.section("response", ResponseSettings.class).commandTimeoutSeconds())));
  }

  /** Prints the plan; with {@code apply} takes it. Returns the exit code. */
  static int showAndTake(List<Action> actions, boolean apply, CommonOptions common, ActionContext ctx, PrintWriter out) throws IOException {
    Lang lang = common.lang();
    int n = 1;
    for (Action a : actions) {
      out.printf("%d. %-24s %s%n   %s%n", n++, a.type(), Printable.of(a.target()), Printable.of(a.description().in(lang)));
    }
    if (!apply) {
      out.println(lang == Lang.JA ? "(ドライラン: --apply で実行します)" : "(dry run: add --apply to take it)");
      out.flush();
      return ExitCode.CLEAN;
    }
    Journal journal = Journal.inStateDir(common.stateDir());
    boolean ok = true;
    for (Responder.Taken t : new Responder(journal).apply(new Plan(actions), ctx)) {
      out.printf("%-8s %-24s %s%n", t.phase(), t.action().type(), Printable.of(t.message().in(lang)));
      ok &= t.ok();
    }
    out.printf(lang == Lang.JA ? "ジャーナル: %s  ケース: %s%n" : "journal: %s  case folder: %s%n", journal.file(), ctx.caseFolder().directory());
    out.flush();
    return ok ? ExitCode.CLEAN : ExitCode.ACTION_FAILED;
  }
}
