package dev.spamtrace.response.mailqueue;

import dev.spamtrace.incident.Text;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Undoes a purge: every archived message that is no longer queued is handed back to the MTA with
 * its envelope sender and recipients (Postfix's sendmail, exim, qmail-inject). A message is
 * re-injected once: its sidecar records it. Works from the journal alone when the purge was cut
 * off (it then looks at the queue to see which messages left it).
 */
public final class PurgeQueuedMailReversal implements Reversal {
  @Override
  public String type() {
    return PurgeQueuedMail.TYPE;
  }

  @Override
  @SuppressWarnings("unchecked")
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    Mta mta = Mta.parse(intent.param("mta"));
    String dir = intent.param("queueDirectory");
    Path archive = Path.of(intent.param("archive"));
    List<String> ids = (List<String>) intent.params().get("ids");
    Text offline = MtaTools.offline(ctx.root(), mta, "reinject");
    if (offline != null) {
      return ActionResult.failed(new Text(offline.en() + " The archived messages are in " + archive + ".",
          offline.ja() + " 保存したメールは " + archive + " にあります。"));
    }
    MailQueueSettings s = PurgeQueuedMail.settings(ctx);
    Set<String> stillQueued = new HashSet<>();
    PurgeQueuedMail.read(ctx.root(), mta, dir, s, ctx.clock().instant()).messages().forEach(m -> stillQueued.add(m.id()));
    List<String> reinjected = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String id : ids) {
      Path side = PurgeQueuedMail.sidecarPath(archive, mta, id);
      if (!Files.exists(side)) {
        continue; // never archived, so never removed
      }
      ArchivedMessage a = ArchivedMessage.read(side);
      if (a.state().equals("reinjected")) {
        skipped.add(id + ": already re-injected");
        continue;
      }
      if (stillQueued.contains(id)) {
        skipped.add(id + ": still in the queue");
        continue;
      }
      Path eml = Path.of(a.eml());
      if (!SafeFiles.sha256(eml).equals(a.sha256())) {
        problems.add(id + ": archived message does not match its hash; not re-injected");
        continue;
      }
      if (a.recipients().isEmpty()) {
        skipped.add(id + ": no pending recipients");
        continue;
      }
      SystemCommand.Result r = ctx.commands().run(MtaTools.reinjectArgv(s, mta, a.sender(), a.recipients()), Files.readAllBytes(eml));
      if (r.ok()) {
        a.withState("reinjected").write(side);
        reinjected.add(id);
      } else {
        problems.add(id + ": " + r.describe());
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reinjected", reinjected);
    details.put("skipped", skipped);
    details.put("problems", problems);
    Text msg = Text.of("re-injected %d archived messages into the %s queue (new queue ids)%s",
        "保存した %d 通を %s キューへ再投入しました (キュー ID は新しくなります)%s", reinjected.size(), mta.id(),
        problems.isEmpty() ? "" : "; " + problems.size() + " problem(s): " + String.join("; ", problems));
    return new ActionResult(problems.isEmpty(), msg, details);
  }
}
