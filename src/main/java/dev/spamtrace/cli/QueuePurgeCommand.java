package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.MessageSelector;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.ResponseSettings;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.mailqueue.PurgeQueuedMail;
import dev.spamtrace.support.Printable;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace queue purge}: shows which queued messages a selector picks; with {@code --apply}
 * archives each as .eml in the case folder's {@code mail/} and removes it the MTA's own way,
 * journaled and undoable ({@code spamtrace undo} re-injects them).
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
    description = "Purge queued messages picked by sender domain, sender, script or id. Dry run unless --apply; with --apply each "
        + "message is archived as .eml in the case folder first, then removed with postsuper -d / exim -Mrm (qmail: files removed "
        + "as qmail-remove does, qmail-send stopped). Undo re-injects them.", footer = ExitCode.HELP)
public final class QueuePurgeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RootOptions roots;
  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Selection selection;

  static final class Selection {
    @Option(names = "--sender-domain", paramLabel = "DOMAIN", description = "messages whose envelope sender is in DOMAIN")
    String senderDomain;

    @Option(names = "--sender", paramLabel = "ADDRESS", description = "messages with this envelope sender ('<>' for bounces)")
    String sender;

    @Option(names = "--script", paramLabel = "NAME", description = "messages whose X-PHP-Originating-Script is NAME (css.php, or 1001:css.php)")
    String script;

    @Option(names = "--auth-user", paramLabel = "USER", description = "messages sent by this SMTP AUTH user")
    String authUser;

    @Option(names = "--id", paramLabel = "ID", arity = "1..*", description = "these queue ids")
    List<String> ids;
  }

  @Option(names = "--apply", description = "archive and remove them (journaled, undoable); without it nothing changes")
  boolean apply;

  @Option(names = "--show", paramLabel = "N", description = "messages listed per queue in the dry run (default 20)")
  int show = 20;

  Clock clock = Clock.systemDefaultZone();

  MessageSelector selector() {
    Selection s = selection;
    if (s.senderDomain != null) {
      return MessageSelector.of(MessageSelector.Kind.SENDER_DOMAIN, s.senderDomain);
    }
    if (s.sender != null) {
      return MessageSelector.of(MessageSelector.Kind.SENDER, s.sender);
    }
    if (s.script != null) {
      return MessageSelector.of(MessageSelector.Kind.SCRIPT, s.script);
    }
    if (s.authUser != null) {
      return MessageSelector.of(MessageSelector.Kind.AUTH_USER, s.authUser);
    }
    return new MessageSelector(MessageSelector.Kind.ID, new java.util.HashSet<>(s.ids));
  }

  @Override
  public Integer call() throws Exception {
    Config config = common.config();
    Lang lang = common.lang();
    boolean ja = lang == Lang.JA;
    MailQueueSettings s = config.section("mailqueue", MailQueueSettings.class);
    HostRoot root = roots.single(spec.commandLine());
    MessageSelector sel = selector();
    PrintWriter out = spec.commandLine().getOut();
    List<PurgeQueuedMail> actions = new ArrayList<>();
    for (QueueSnapshot q : MailQueues.read(root, s, clock.instant()).queues()) {
      List<QueuedMessage> picked = q.messages().stream().filter(sel).toList();
      Map<String, Integer> byQueue = new TreeMap<>();
      picked.forEach(m -> byQueue.merge(m.queue(), 1, Integer::sum));
      out.printf(ja ? "%s: %d 通中 %d 通が %s に一致 %s%n" : "%s: %2$d messages, %3$d match %4$s %5$s%n", Printable.of(q.label()),
          q.messages().size(), picked.size(), Printable.of(sel.describe()), byQueue.isEmpty() ? "" : byQueue);
      picked.stream().limit(Math.max(0, show)).forEach(m -> out.printf("  %-18s %-8s <%s> -> %s  %s%n", m.id(), m.queue(),
          Printable.clip(m.sender() == null ? "?" : m.sender(), 60), Printable.clip(String.join(",", m.recipients().stream().map(r -> r.address()).toList()), 60),
          Printable.clip(m.subject() == null ? "" : m.subject(), 60)));
      if (picked.size() > show) {
        out.printf(ja ? "  … 他 %d 通%n" : "  … and %d more%n", picked.size() - show);
      }
      if (!picked.isEmpty()) {
        actions.add(new PurgeQueuedMail(q.mta(), q.directory(), sel, picked.size(), List.of()));
      }
    }
    if (actions.isEmpty()) {
      out.println(ja ? "一致するメッセージはありません。" : "No queued message matches.");
      out.flush();
      return ExitCode.CLEAN;
    }
    if (!apply) {
      out.println(ja ? "(ドライラン: --apply で保存のうえ削除します。spamtrace undo で再投入できます)"
          : "(dry run: add --apply to archive and remove them; spamtrace undo re-injects them)");
      out.flush();
      return ExitCode.CLEAN;
    }
    Journal journal = Journal.inStateDir(common.stateDir());
    CaseFolder caseFolder = CaseFolder.today(common.caseRoot(), clock);
    ActionContext ctx = new ActionContext(root, config, caseFolder, clock,
        new SystemCommand(Duration.ofSeconds(config.section("response", ResponseSettings.class).commandTimeoutSeconds())));
    boolean ok = true;
    for (Responder.Taken t : new Responder(journal).apply(new Plan(List.copyOf(actions)), ctx)) {
      out.printf("%-8s %s %s%n", t.phase(), t.actionId(), Printable.of(t.message().in(lang)));
      ok &= t.ok();
    }
    out.printf(ja ? "ジャーナル: %s  ケース: %s%n" : "journal: %s  case folder: %s%n", journal.file(), caseFolder.directory());
    out.flush();
    return ok ? ExitCode.CLEAN : ExitCode.ACTION_FAILED;
  }
}
