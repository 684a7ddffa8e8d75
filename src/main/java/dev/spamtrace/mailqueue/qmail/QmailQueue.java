package dev.spamtrace.mailqueue.qmail;

import dev.spamtrace.hostroot.FileStat;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.hostroot.OpenFolder;
import dev.spamtrace.hostroot.OpenFolders;
import dev.spamtrace.mailqueue.LocalAccounts;
import dev.spamtrace.mailqueue.MailHeaders;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MessageFacts;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.mailqueue.QueueFileList;
import dev.spamtrace.mailqueue.QueueReader;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSnapshot.QueueGap;
import dev.spamtrace.mailqueue.QueueWalk;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.mailqueue.Recipient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a qmail queue ({@code /var/qmail/queue}) in qmail's layout (notqmail INTERNALS, hier.c):
 * a message is its inode number N; {@code mess/S/N} holds it, {@code info/S/N} its sender,
 * {@code remote/S/N} and {@code local/S/N} its recipients, with S = N % conf-split (default 23);
 * {@code todo/N} and {@code intd/N} are flat (hashed too with the big-todo patch) and hold the
 * whole envelope until qmail-send has processed the message; {@code bounce/N} means a bounce is
 * pending. qmail keeps no delay reasons in the queue (they are only in its log).
 */
public final class QmailQueue implements QueueReader {
  private static final int MAX_ENVELOPE = 16 << 20;

  @Override
  public Mta mta() {
    return Mta.QMAIL;
  }

  @Override
  public List<String> find(HostRoot root, MailQueueSettings settings) {
    return QueueReader.withFolder(root, settings.qmailQueueDirectories(), "mess");
  }

  @Override
  public QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now) {
    List<QueueGap> gaps = Collections.synchronizedList(new ArrayList<>());
    Path base = root.resolve(directory);
    // Listed by name; each message file is looked at as it is read (QueueWalk.named).
    List<Job> jobs = new ArrayList<>();
    for (QueueWalk.Name n : QueueWalk.named(root, base.resolve("mess"), 1, settings.maxMessages() + 1, gaps)) {
      if (isNumber(n.name()) && !n.prefix().isEmpty()) {
        jobs.add(new Job(n, idNumber(n.name())));
      } else {
        gaps.add(new QueueGap(root.serverPath(n.local()), "not a qmail message file name; not read"));
      }
    }
    boolean truncated = jobs.size() > settings.maxMessages();
    if (truncated) {
      jobs = jobs.subList(0, settings.maxMessages());
      gaps.add(new QueueGap(directory, "stopped after " + settings.maxMessages() + " messages (mailqueue.max-messages); the rest was not read"));
    }
    // In inode order (qmail's ids), sorted before reading: the parallel read keeps this order.
    jobs.sort(null);
    Index index = new Index(root, base, gaps);
    Splits splits = new Splits(base, directory);
    List<QueuedMessage> messages = QueueReader.readEach(jobs.stream(),
        (j, folders) -> readOne(root, splits, j, settings, accounts, gaps, index, folders));
    return new QueueSnapshot(Mta.QMAIL, directory, now, messages, new ArrayList<>(gaps), truncated);
  }

  /** 1 to 20 digits: a qmail message name (checked by hand: once per message). */
  static boolean isNumber(String name) {
    if (name.isEmpty() || name.length() > 20) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** A message found in {@code mess/}, ordered by its number (a plain comparison: a hundred thousand are sorted). */
  private record Job(QueueWalk.Name file, long number) implements Comparable<Job> {
    @Override
    public int compareTo(Job o) {
      int c = Long.compare(number, o.number);
      if (c != 0) {
        return c;
      }
      // Past a long's range, digits compare as numbers do: shorter first, then as text.
      c = Integer.compare(file.name().length(), o.file.name().length());
      return c != 0 ? c : file.name().compareTo(o.file.name());
    }
  }

  /** The id as a number for ordering; names too long for a long sort last. */
  private static long idNumber(String name) {
    try {
      return Long.parseLong(name);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Which files exist in the folders that hold few of the messages (todo/, intd/, bounce/, local/),
   * from one listing each. info/ and remote/, which hold nearly every message's envelope, are not
   * listed: their files are lstat'ed anyway before they are opened.
   */
  private static final class Index {
    final java.util.Map<String, java.util.Set<String>> byFolder = new java.util.concurrent.ConcurrentHashMap<>();
    final HostRoot root;
    final Path base;
    final List<QueueGap> gaps;

    Index(HostRoot root, Path base, List<QueueGap> gaps) {
      this.root = root;
      this.base = base;
      this.gaps = gaps;
    }

    java.util.Set<String> names(String folder) {
      // Looked up first: a lambda that captures is an object made at each call (in C1's code, a slow one).
      java.util.Set<String> s = byFolder.get(folder);
      return s != null ? s : byFolder.computeIfAbsent(folder, f -> QueueWalk.names(base.resolve(f), gaps, root));
    }

    /** The file {@code folder/name} relative to the queue when it exists, else null. */
    Path find(String folder, String name) {
      return names(folder).contains(name) ? base.resolve(folder).resolve(name) : null;
    }
  }

  /**
   * One hashed folder's paths in each queue folder, made once per folder rather than once per
   * message: {@code info/7/}, its server path, and so on.
   */
  private record Split(Path info, Path remote, Path local, String messAt, String infoAt, String remoteAt, String localAt, String localFolder) {}

  /** The {@link Split}s of one queue, made as they are first needed. */
  private static final class Splits {
    private final java.util.Map<String, Split> made = new java.util.concurrent.ConcurrentHashMap<>();
    private final Path base;
    private final String dir;

    Splits(Path base, String directory) {
      this.base = base;
      this.dir = directory.endsWith("/") ? directory : directory + "/";
    }

    /** {@code prefix} is the folder's path below {@code mess/}, with its slash ("7/"). */
    Split of(String prefix) {
      Split s = made.get(prefix);
      return s != null ? s : made.computeIfAbsent(prefix, p -> new Split(base.resolve("info/" + p), base.resolve("remote/" + p), base.resolve("local/" + p),
          dir + "mess/" + p, dir + "info/" + p, dir + "remote/" + p, dir + "local/" + p, "local/" + p.substring(0, p.length() - 1)));
    }
  }

  private static QueuedMessage readOne(HostRoot root, Splits splits, Job job, MailQueueSettings s,
      LocalAccounts accounts, List<QueueGap> gaps, Index index, OpenFolders folders) {
    QueueWalk.Entry e = QueueWalk.look(root, folders, job.file(), gaps);
    if (e == null) {
      return null; // gone since the listing, or not a regular file (a gap says which)
    }
    // Server paths are built as text: the queue's own path plus the names we found in it.
    String id = e.name();
    String split = e.prefix().substring(0, e.prefix().length() - 1);
    Split at = splits.of(e.prefix());
    Path messFile = e.local();
    QueueFileList.Builder files = new QueueFileList.Builder(id).in(at.messAt());
    MessageFacts facts = null;
    long size = e.size();
    try {
      facts = folders.of(e.folder()).withHead(id, s.maxHeaderBytes(), size,
          (head, n) -> MessageFacts.of(MailHeaders.parse(head, 0, n, MessageFacts.WANTED)));
    } catch (java.nio.file.NoSuchFileException x) {
      return null; // delivered and removed since the listing
    } catch (java.io.IOException | RuntimeException x) {
      gaps.add(new QueueGap(root.serverPath(messFile), "cannot read: " + x));
    }
    String sender = null;
    Integer uid = facts == null ? null : facts.receivedUid();
    String queue = "queue";
    Instant arrival = null;
    List<Recipient> rcpts = new ArrayList<>();

    OpenFolder info = folders.of(at.info());
    FileStat infoStat = look(root, info, id, gaps);
    if (infoStat != null) {
      files.in(at.infoAt());
      // qmail-send takes a message's birth time from its info file, which it never rewrites.
      arrival = infoStat.modified();
      for (QmailEnvelope.Field f : envelope(root, info, id, infoStat, gaps)) {
        if (f.type() == 'F') {
          sender = f.value();
        }
      }
      for (boolean remote : new boolean[] {true, false}) {
        // Most messages have a remote/ file and no local/ one: local/ is looked up in its listing
        // (an lstat of a missing file costs an exception with its stack trace in Java).
        if (!remote && !index.names(at.localFolder()).contains(id)) {
          continue;
        }
        OpenFolder folder = folders.of(remote ? at.remote() : at.local());
        FileStat a = look(root, folder, id, gaps);
        if (a == null) {
          continue;
        }
        files.in(remote ? at.remoteAt() : at.localAt());
        for (QmailEnvelope.Field f : envelope(root, folder, id, a, gaps)) {
          if (f.type() == 'T' || f.type() == 'D') {
            rcpts.add(new Recipient(f.value(), f.type() == 'T', null));
          }
        }
      }
    } else {
      // Not yet processed by qmail-send: the whole envelope is still in todo/ (flat or hashed).
      queue = "todo";
      Path todo = index.find("todo", id);
      if (todo == null && index.find("todo", split) != null) {
        todo = index.find("todo/" + split, id); // the big-todo patch hashes todo/ too
      }
      if (todo == null) {
        gaps.add(new QueueGap(root.serverPath(messFile), "message without info/ or todo/ envelope (being queued, or half removed)"));
      } else {
        files.path(root.serverPath(todo));
        OpenFolder folder = folders.of(todo.getParent());
        for (QmailEnvelope.Field f : envelope(root, folder, id, look(root, folder, id, gaps), gaps)) {
          switch (f.type()) {
            case 'u' -> uid = uid != null ? uid : parseUid(f.value());
            case 'F' -> sender = f.value();
            case 'T' -> rcpts.add(new Recipient(f.value(), true, null));
            default -> { }
          }
        }
      }
    }
    Path intd = index.find("intd", id);
    if (intd == null && index.find("intd", split) != null) {
      intd = index.find("intd/" + split, id);
    }
    if (intd != null) {
      files.path(root.serverPath(intd));
    }
    Path bounce = index.find("bounce", id);
    if (bounce != null) {
      files.path(root.serverPath(bounce));
      queue = "bounce";
    }
    if (arrival == null) {
      arrival = e.modified();
    }
    String client = facts == null ? null : facts.receivedClient();
    return new QueuedMessage(Mta.QMAIL, id, queue, arrival, sender, rcpts, size, facts == null ? null : facts.from(),
        facts == null ? null : facts.subject(), facts == null ? null : facts.script(), facts == null ? null : facts.xMailer(), uid,
        accounts.name(uid), null, client, null, facts == null ? null : facts.vhost(), facts == null ? null : facts.messageId(),
        facts != null && facts.bulk(), files.build());
  }

  /** What {@code name} in {@code folder} is, or null when it is not there (or cannot be looked at: a gap says so). */
  private static FileStat look(HostRoot root, OpenFolder folder, String name, List<QueueGap> gaps) {
    try {
      return folder.look(name);
    } catch (java.io.IOException | RuntimeException e) {
      gaps.add(new QueueGap(root.serverPath(folder.path().resolve(name)), "cannot stat: " + e.getMessage()));
      return null;
    }
  }

  /** An envelope file's fields; {@code a} is its lstat (a FIFO must never be opened: it would block). */
  private static List<QmailEnvelope.Field> envelope(HostRoot root, OpenFolder folder, String name, FileStat a, List<QueueGap> gaps) {
    if (a == null) {
      return List.of();
    }
    if (!a.isRegularFile()) {
      // A FIFO would block the run; a symlink is never followed.
      gaps.add(new QueueGap(root.serverPath(folder.path().resolve(name)), "not a regular file; not opened"));
      return List.of();
    }
    QmailEnvelope.Records r;
    try {
      r = folder.withHead(name, MAX_ENVELOPE, a.size(), QmailEnvelope::records);
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    } catch (java.io.IOException | RuntimeException e) {
      gaps.add(new QueueGap(root.serverPath(folder.path().resolve(name)), "cannot read: " + e));
      return List.of();
    }
    if (r.truncated()) {
      gaps.add(new QueueGap(root.serverPath(folder.path().resolve(name)), QmailEnvelope.TRUNCATED));
    }
    return r.fields();
  }

  private static Integer parseUid(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
