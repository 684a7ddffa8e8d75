package dev.spamtrace.response.mailqueue;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.mailqueue.LocalAccounts;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.MessageExport;
import dev.spamtrace.mailqueue.MessageSelector;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.mailqueue.QueueAssessment;
import dev.spamtrace.mailqueue.QueueReader;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.mailqueue.Recipient;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Purges the queued messages a selector picks (the staff's {@code qmail-remove} step): each is
 * first archived into the case folder ({@code mail/MTA-ID.eml} with its envelope in
 * {@code MTA-ID.eml.json}), then removed the MTA's own way ({@code postsuper -d}, {@code exim -Mrm};
 * qmail's files removed consistently while qmail-send is stopped). Undo re-injects the archive.
 */
public final class PurgeQueuedMail implements Action {
  public static final String TYPE = "purge-queued-mail";

  private final Mta mta;
  private final String queueDirectory;
  private final MessageSelector selector;
  private final int expected;
  private final List<String> findings;

  /**
   * @param expected how many messages the selector matched when planned (shown in the plan; the
   *     set is read again when acting)
   */
  public PurgeQueuedMail(Mta mta, String queueDirectory, MessageSelector selector, int expected, List<String> findings) {
    this.mta = mta;
    this.queueDirectory = queueDirectory;
    this.selector = selector;
    this.expected = expected;
    this.findings = List.copyOf(findings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return mta.id() + ":" + queueDirectory + " " + selector.describe();
  }

  @Override
  public Text description() {
    return Text.of("archive %d queued messages (%s) to the case folder's mail/, then remove them from the %s queue (%s)",
        "キュー内の %d 通 (%s) をケースフォルダの mail/ に保存してから %s キューから削除 (%s)",
        expected, selector.describe(), mta.id(), removal(mta));
  }

  static String removal(Mta mta) {
    return switch (mta) {
      case POSTFIX -> "postsuper -d";
      case EXIM -> "exim -Mrm";
      case QMAIL -> "qmail-send stopped, files removed as qmail-remove does";
    };
  }

  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  public MessageSelector selector() {
    return selector;
  }

  static MailQueueSettings settings(ActionContext ctx) {
    return ctx.config().section("mailqueue", MailQueueSettings.class);
  }

  /** The queue read now, for the selector. */
  static QueueSnapshot read(HostRoot root, Mta mta, String dir, MailQueueSettings s, java.time.Instant now) {
    for (QueueReader r : MailQueues.readers()) {
      if (r.mta() == mta) {
        return r.read(root, dir, s, LocalAccounts.read(root), now);
      }
    }
    throw new IllegalStateException("no reader for " + mta);
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> refusals = new ArrayList<>();
    Text offline = MtaTools.offline(ctx.root(), mta, "remove");
    if (offline != null) {
      refusals.add(offline);
      return refusals;
    }
    HostRoot root = ctx.root();
    Path dir;
    try {
      dir = root.resolve(queueDirectory);
    } catch (RuntimeException e) {
      refusals.add(Text.of("cannot resolve %s: %s", "%s を解決できません: %s", queueDirectory, e.getMessage()));
      return refusals;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      refusals.add(Text.of("%s is not a queue directory here", "%s はキューディレクトリではありません", queueDirectory));
    }
    if (mta == Mta.QMAIL && MtaTools.qmailSend(root).isPresent()) {
      refusals.add(Text.of("qmail-send is running (pid %d): stop it first (e.g. svc -d /service/qmail-send), then purge; "
          + "its files must not change under it", "qmail-send が稼働中です (pid %d)。先に停止してください (例: svc -d /service/qmail-send)",
          MtaTools.qmailSend(root).get()));
    }
    return refusals;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    QueueSnapshot q = read(ctx.root(), mta, queueDirectory, settings(ctx), ctx.clock().instant());
    List<String> ids = new ArrayList<>();
    for (QueuedMessage m : q.messages()) {
      if (selector.test(m)) {
        ids.add(m.id());
      }
    }
    Path mail = ctx.caseFolder().sub("mail");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("mta", mta.id());
    p.put("queueDirectory", queueDirectory);
    p.put("selector", QueueAssessment.ordered("kind", selector.kind().id(), "values", selector.values().stream().sorted().toList()));
    p.put("archive", mail.toString());
    p.put("ids", ids);
    return p;
  }

  static Path emlPath(Path archive, Mta mta, String id) {
    return archive.resolve(mta.id() + "-" + id + ".eml");
  }

  static Path sidecarPath(Path archive, Mta mta, String id) {
    return archive.resolve(mta.id() + "-" + id + ".eml.json");
  }

  @Override
  @SuppressWarnings("unchecked")
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    List<String> ids = (List<String>) prepared.get("ids");
    Path archive = Path.of((String) prepared.get("archive"));
    MailQueueSettings s = settings(ctx);
    Set<String> wanted = new HashSet<>(ids);
    QueueSnapshot q = read(ctx.root(), mta, queueDirectory, s, ctx.clock().instant());
    List<QueuedMessage> msgs = q.messages().stream().filter(m -> wanted.contains(m.id())).toList();
    List<String> archived = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // 1. Archive every message before anything is removed.
    for (QueuedMessage m : msgs) {
      try {
        archive(ctx, m, archive);
        archived.add(m.id());
      } catch (NoSuchFileException e) {
        problems.add(m.id() + ": left the queue before it was archived");
      } catch (IOException | RuntimeException e) {
        problems.add(m.id() + ": not archived, so not removed: " + e.getMessage());
      }
    }
    SafeFiles.fsync(archive);
    // 2. Remove only what was archived, the MTA's own way.
    List<String> removed = new ArrayList<>();
    if (!archived.isEmpty()) {
      switch (mta) {
        case POSTFIX -> {
          Set<String> archivedSet = new HashSet<>(archived);
          List<String> maildrop = msgs.stream().filter(m -> archivedSet.contains(m.id()) && m.queue().equals("maildrop"))
              .map(QueuedMessage::id).toList();
          List<String> queued = archived.stream().filter(id -> !maildrop.contains(id)).toList();
          if (!queued.isEmpty()) {
            SystemCommand.Result r = MtaTools.postsuperDelete(ctx.commands(), s, queued, null);
            if (!r.ok()) {
              problems.add("postsuper: " + r.describe());
            }
          }
          if (!maildrop.isEmpty()) {
            SystemCommand.Result r = MtaTools.postsuperDelete(ctx.commands(), s, maildrop, "maildrop");
            if (!r.ok()) {
              problems.add("postsuper (maildrop): " + r.describe());
            }
          }
        }
        case EXIM -> {
          for (SystemCommand.Result r : MtaTools.eximRemove(ctx.commands(), s, archived)) {
            if (!r.ok() && !r.stdout().contains("has been removed")) {
              problems.add("exim -Mrm: " + r.describe() + " " + r.stdout().strip());
            }
          }
        }
        case QMAIL -> {
          Text still = check(ctx).stream().findFirst().orElse(null);
          if (still != null) {
            problems.add(still.en());
          } else {
            for (QueuedMessage m : msgs) {
              if (archived.contains(m.id())) {
                removeQmailFiles(ctx.root(), m, problems);
              }
            }
          }
        }
      }
      // 3. Verify: read the queue again; what is still there was not removed.
      Set<String> left = new HashSet<>();
      read(ctx.root(), mta, queueDirectory, s, ctx.clock().instant()).messages().forEach(m -> left.add(m.id()));
      for (String id : archived) {
        if (!left.contains(id)) {
          removed.add(id);
          markRemoved(archive, id);
        } else {
          problems.add(id + ": still in the queue after removal");
        }
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("archive", archive.toString());
    details.put("archived", archived);
    details.put("removed", removed);
    details.put("problems", problems);
    Text msg = Text.of("archived %d and removed %d of %d messages (%s)%s", "%d 通を保存し、%d/%d 通を削除しました (%s)%s",
        archived.size(), removed.size(), ids.size(), selector.describe(), problems.isEmpty() ? "" : "; " + problems.size() + " problem(s)");
    // Messages that were delivered or expired on their own before we got to them are not failures.
    boolean ok = removed.size() == archived.size() && problems.stream().allMatch(p -> p.contains("left the queue"));
    return new ActionResult(ok, msg, details);
  }

  private void markRemoved(Path archive, String id) throws IOException {
    Path side = sidecarPath(archive, mta, id);
    if (Files.exists(side)) {
      ArchivedMessage.read(side).withState("removed").write(side);
    }
  }

  private void archive(ActionContext ctx, QueuedMessage m, Path archive) throws IOException {
    Path eml = emlPath(archive, mta, m.id());
    Path part = eml.resolveSibling(eml.getFileName() + ".part");
    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      MessageExport.write(ctx.root(), m, out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
    SafeFiles.fsync(part);
    Files.move(part, eml, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<String> rcpts = m.recipients().stream().filter(Recipient::pending).map(Recipient::address).toList();
    new ArchivedMessage("archived", mta.id(), queueDirectory, m.id(), m.queue(), m.sender(), rcpts, m.arrival(), m.from(), m.subject(),
        m.script() == null ? null : m.script().toString(), m.files(), eml.toString(), SafeFiles.sha256(eml), ctx.clock().instant())
        .write(sidecarPath(archive, mta, m.id()));
  }

  /**
   * Removes one qmail message's files from every queue folder, envelope first and the message
   * last (as qmail-remove and qmail-clean order it), so a cut-off removal never leaves an
   * envelope pointing at nothing. Each path was read from the queue under the root; symlinks are
   * never followed.
   */
  static void removeQmailFiles(HostRoot root, QueuedMessage m, List<String> problems) {
    List<String> files = new ArrayList<>(m.files());
    String mess = files.remove(0);
    files.add(mess);
    for (String f : files) {
      try {
        Path local = root.resolveNoFollow(f);
        if (!root.contains(local)) {
          problems.add(f + ": outside the root; not touched");
          continue;
        }
        Files.deleteIfExists(local);
      } catch (IOException | RuntimeException e) {
        problems.add(f + ": " + e.getMessage());
      }
    }
  }
}
