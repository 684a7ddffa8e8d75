package dev.spamtrace.mailqueue.qmail;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.LocalAccounts;
import dev.spamtrace.mailqueue.MailHeaders;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MessageFacts;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.mailqueue.QueueReader;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSnapshot.QueueGap;
import dev.spamtrace.mailqueue.QueueWalk;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.mailqueue.Recipient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a qmail queue ({@code /var/qmail/queue}) in qmail's layout (notqmail INTERNALS, hier.c):
 * a message is its inode number N; {@code mess/S/N} holds it, {@code info/S/N} its sender,
 * {@code remote/S/N} and {@code local/S/N} its recipients, with S = N % conf-split (default 23);
 * {@code todo/N} and {@code intd/N} are flat (hashed too with the big-todo patch) and hold the
 * whole envelope until qmail-send has processed the message; {@code bounce/N} means a bounce is
 * pending. qmail keeps no delay reasons in the queue (they are only in its log).
 */
public final class QmailQueue implements QueueReader {
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,20}");
  private static final int MAX_ENVELOPE = 16 << 20;

  @Override
  public Mta mta() {
    return Mta.QMAIL;
  }

  @Override
  public List<String> find(HostRoot root, MailQueueSettings settings) {
    List<String> out = new ArrayList<>();
    for (String d : settings.qmailQueueDirectories()) {
      try {
        if (Files.isDirectory(root.resolve(d).resolve("mess"), LinkOption.NOFOLLOW_LINKS)) {
          out.add(d);
        }
      } catch (RuntimeException e) {
        // not a queue under this root
      }
    }
    return out;
  }

  @Override
  public QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now) {
    List<QueueGap> gaps = Collections.synchronizedList(new ArrayList<>());
    Path base = root.resolve(directory);
    List<QueueWalk.Entry> mess = new ArrayList<>();
    for (QueueWalk.Entry e : QueueWalk.files(root, base.resolve("mess"), 1, settings.maxMessages() + 1, gaps)) {
      if (NUMBER.matcher(e.name()).matches() && e.relative().contains("/")) {
        mess.add(e);
      } else {
        gaps.add(new QueueGap(root.serverPath(e.local()), "not a qmail message file name; not read"));
      }
    }
    boolean truncated = mess.size() > settings.maxMessages();
    if (truncated) {
      mess = mess.subList(0, settings.maxMessages());
      gaps.add(new QueueGap(directory, "stopped after " + settings.maxMessages() + " messages (mailqueue.max-messages); the rest was not read"));
    }
    List<QueuedMessage> messages = mess.parallelStream()
        .map(e -> readOne(root, base, e, settings, accounts, gaps))
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing((QueuedMessage m) -> m.id().length()).thenComparing(QueuedMessage::id))
        .toList();
    return new QueueSnapshot(Mta.QMAIL, directory, now, messages, new ArrayList<>(gaps), truncated);
  }

  private static QueuedMessage readOne(HostRoot root, Path base, QueueWalk.Entry e, MailQueueSettings s, LocalAccounts accounts,
      List<QueueGap> gaps) {
    String id = e.name();
    String split = e.relative().substring(0, e.relative().indexOf('/'));
    Path messFile = e.local();
    FileRead m = root.read(messFile, s.maxHeaderBytes());
    if (m instanceof FileRead.Missing) {
      return null; // delivered and removed since the listing
    }
    List<String> files = new ArrayList<>();
    files.add(root.serverPath(messFile));
    MessageFacts facts = null;
    long size = 0;
    if (m instanceof FileRead.Content c) {
      facts = MessageFacts.of(MailHeaders.parse(c.bytes(), 0, c.bytes().length));
      size = c.size();
    } else {
      gaps.add(new QueueGap(root.serverPath(messFile), "cannot read: " + m));
    }
    List<String> problems = new ArrayList<>();
    String sender = null;
    Integer uid = facts == null ? null : facts.receivedUid();
    String queue = "queue";
    Instant arrival = null;
    List<Recipient> rcpts = new ArrayList<>();

    Path info = base.resolve("info").resolve(split).resolve(id);
    Optional<BasicFileAttributes> infoAttrs = root.lstat(info);
    if (infoAttrs.isPresent()) {
      files.add(root.serverPath(info));
      // qmail-send takes a message's birth time from its info file, which it never rewrites.
      arrival = infoAttrs.get().lastModifiedTime().toInstant();
      for (QmailEnvelope.Field f : envelope(root, info, problems, gaps)) {
        if (f.type() == 'F') {
          sender = f.value();
        }
      }
      for (String channel : List.of("remote", "local")) {
        Path p = base.resolve(channel).resolve(split).resolve(id);
        if (root.lstat(p).isEmpty()) {
          continue;
        }
        files.add(root.serverPath(p));
        for (QmailEnvelope.Field f : envelope(root, p, problems, gaps)) {
          if (f.type() == 'T' || f.type() == 'D') {
            rcpts.add(new Recipient(f.value(), f.type() == 'T', null));
          }
        }
      }
    } else {
      // Not yet processed by qmail-send: the whole envelope is still in todo/ (flat or hashed).
      queue = "todo";
      Path todo = firstExisting(root, base.resolve("todo").resolve(id), base.resolve("todo").resolve(split).resolve(id));
      if (todo == null) {
        gaps.add(new QueueGap(root.serverPath(messFile), "message without info/ or todo/ envelope (being queued, or half removed)"));
      } else {
        files.add(root.serverPath(todo));
        for (QmailEnvelope.Field f : envelope(root, todo, problems, gaps)) {
          switch (f.type()) {
            case 'u' -> uid = uid != null ? uid : parseUid(f.value());
            case 'F' -> sender = f.value();
            case 'T' -> rcpts.add(new Recipient(f.value(), true, null));
            default -> { }
          }
        }
      }
    }
    for (Path p : new Path[] {base.resolve("intd").resolve(id), base.resolve("intd").resolve(split).resolve(id)}) {
      if (root.lstat(p).isPresent()) {
        files.add(root.serverPath(p));
      }
    }
    Path bounce = base.resolve("bounce").resolve(id);
    if (root.lstat(bounce).isPresent()) {
      files.add(root.serverPath(bounce));
      queue = "bounce";
    }
    if (arrival == null) {
      arrival = root.lstat(messFile).map(a -> a.lastModifiedTime().toInstant()).orElse(null);
    }
    for (String p : problems) {
      gaps.add(new QueueGap(root.serverPath(messFile), p));
    }
    String client = facts == null ? null : facts.receivedClient();
    return new QueuedMessage(Mta.QMAIL, id, queue, arrival, sender, rcpts, size, facts == null ? null : facts.from(),
        facts == null ? null : facts.subject(), facts == null ? null : facts.script(), facts == null ? null : facts.xMailer(), uid,
        accounts.name(uid), null, client, null, facts == null ? null : facts.vhost(), facts == null ? null : facts.messageId(),
        facts != null && facts.bulk(), files);
  }

  private static List<QmailEnvelope.Field> envelope(HostRoot root, Path p, List<String> problems, List<QueueGap> gaps) {
    FileRead r = root.read(p, MAX_ENVELOPE);
    if (r instanceof FileRead.Content c) {
      List<String> own = new ArrayList<>();
      List<QmailEnvelope.Field> f = QmailEnvelope.parse(c.bytes(), own);
      own.forEach(x -> gaps.add(new QueueGap(root.serverPath(p), x)));
      return f;
    }
    if (!(r instanceof FileRead.Missing)) {
      gaps.add(new QueueGap(root.serverPath(p), "cannot read: " + r));
    }
    return List.of();
  }

  private static Path firstExisting(HostRoot root, Path... ps) {
    for (Path p : ps) {
      if (root.lstat(p).isPresent()) {
        return p;
      }
    }
    return null;
  }

  private static Integer parseUid(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
