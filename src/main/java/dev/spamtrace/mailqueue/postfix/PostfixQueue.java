package dev.spamtrace.mailqueue.postfix;

import dev.spamtrace.hostroot.FileStat;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.hostroot.OpenFolder;
import dev.spamtrace.hostroot.OpenFolders;
import dev.spamtrace.mailqueue.ByteSource;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads a Postfix queue directory ({@code queue_directory}, usually {@code /var/spool/postfix})
 * from its files: {@code incoming}, {@code active}, {@code deferred}, {@code hold} and
 * {@code maildrop}, each possibly hashed into subfolders ({@code hash_queue_names},
 * {@code hash_queue_depth}), and each deferred message's reasons from {@code defer/}. Works with
 * Postfix stopped (a container's root, a disk copy).
 */
public final class PostfixQueue implements QueueReader {
  /** The queues postqueue(1) lists, in its order. */
  public static final List<String> QUEUES = List.of("maildrop", "hold", "incoming", "active", "deferred");

  /**
   * Short ids are hex; long ids (enable_long_queue_ids) use a base-52 alphabet and 'z': 6 to 32
   * letters and digits (checked by hand: once per file).
   */
  static boolean isQueueId(String name) {
    if (name.length() < 6 || name.length() > 32) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }

  /** hash_queue_depth is at most a few levels in practice. */
  private static final int MAX_HASH_DEPTH = 4;

  private static final int MAX_DEFER_LOG = 256 * 1024;

  @Override
  public Mta mta() {
    return Mta.POSTFIX;
  }

  @Override
  public List<String> find(HostRoot root, MailQueueSettings settings) {
    return QueueReader.withFolder(root, settings.postfixQueueDirectories(), "deferred", "maildrop");
  }

  @Override
  public QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now) {
    List<QueueGap> gaps = Collections.synchronizedList(new ArrayList<>());
    Path base = root.resolve(directory);
    List<Job> jobs = new ArrayList<>();
    boolean truncated = false;
    for (String q : QUEUES) {
      int left = settings.maxMessages() - jobs.size();
      if (left <= 0) {
        truncated = true;
        break;
      }
      // Listed by name; each queue file is looked at as it is read (QueueWalk.named).
      for (QueueWalk.Name n : QueueWalk.named(root, base.resolve(q), MAX_HASH_DEPTH, left, gaps)) {
        if (!isQueueId(n.name())) {
          gaps.add(new QueueGap(root.serverPath(n.local()), "not a queue file name; not read"));
          continue;
        }
        jobs.add(new Job(q, n));
      }
      truncated |= jobs.size() >= settings.maxMessages();
    }
    // Sorted by id before reading, not after: the parallel read keeps this order, and messages
    // made in the order they are later walked sit together in memory (the summaries walk them
    // a dozen times; in read order they were cache misses).
    Job[] ordered = jobs.toArray(new Job[0]);
    java.util.Arrays.parallelSort(ordered);
    Folders folders = new Folders(base, directory);
    QueueFileParser parser = new QueueFileParser(settings.maxHeaderBytes());
    List<QueuedMessage> messages = QueueReader.readEach(java.util.Arrays.stream(ordered),
        (j, open) -> readOne(root, folders, open, parser, j, settings, accounts, gaps));
    if (truncated) {
      gaps.add(new QueueGap(directory, "stopped after " + settings.maxMessages() + " messages (mailqueue.max-messages); the rest was not read"));
    }
    return new QueueSnapshot(Mta.POSTFIX, directory, now, messages, new ArrayList<>(gaps), truncated);
  }

  /**
   * One queue file to read, ordered by id. The id's first eight characters, packed into a long,
   * decide almost every comparison: a hundred thousand ids sort without a string comparison each.
   */
  private record Job(String queue, QueueWalk.Name file, long prefix) implements Comparable<Job> {
    Job(String queue, QueueWalk.Name file) {
      this(queue, file, prefix(file.name()));
    }

    /** Ids are ASCII; the packed prefix orders like the string (unsigned), shorter ids first on ties. */
    static long prefix(String id) {
      long p = 0;
      for (int i = 0; i < 8; i++) {
        p = p << 8 | (i < id.length() ? id.charAt(i) & 0xff : 0);
      }
      return p;
    }

    @Override
    public int compareTo(Job o) {
      int c = Long.compareUnsigned(prefix, o.prefix);
      return c != 0 ? c : file.name().compareTo(o.file.name());
    }
  }

  /**
   * One hashed folder of a queue, with its server path and the defer/ folder hashed the same way:
   * made once per folder rather than once per message.
   */
  private record Folder(String at, Path defer, String deferAt) {}

  /** The {@link Folder}s of one queue directory, made as they are first needed. */
  private static final class Folders {
    /** By the listed folder (one path object for all its files: found by identity, no key made per message). */
    private final java.util.Map<Path, Folder> made = new java.util.concurrent.ConcurrentHashMap<>();
    final Path base;
    final String dir;

    private final java.util.Map<String, Path> defer = new java.util.concurrent.ConcurrentHashMap<>();

    Folders(Path base, String directory) {
      this.base = base;
      this.dir = directory.endsWith("/") ? directory : directory + "/";
    }

    /** The folder defer/{@code prefix} ("" or "E/"), one path object for all its messages. */
    Path defer(String prefix) {
      Path p = defer.get(prefix);
      return p != null ? p : defer.computeIfAbsent(prefix, x -> base.resolve("defer/" + x));
    }

    /** {@code listed}: the folder a file was listed in; {@code prefix}: its path below the queue ("E/", or "" when flat). */
    Folder of(Path listed, String queue, String prefix) {
      // Looked up first: a lambda that captures is an object made at each call (in C1's code, a slow one).
      Folder f = made.get(listed);
      return f != null ? f : made.computeIfAbsent(listed,
          k -> new Folder(dir + queue + "/" + prefix, defer(prefix), dir + "defer/" + prefix));
    }
  }

  private static QueuedMessage readOne(HostRoot root, Folders folders, OpenFolders open, QueueFileParser parser, Job j,
      MailQueueSettings s, LocalAccounts accounts, List<QueueGap> gaps) {
    QueueWalk.Entry entry = QueueWalk.look(root, open, j.file(), gaps);
    if (entry == null) {
      return null; // gone since the listing, or not a regular file (a gap says which)
    }
    String dir = folders.dir;
    Folder folder = folders.of(entry.folder(), j.queue(), entry.prefix());
    String serverPath = folder.at() + entry.name();
    Parsed parsed;
    Integer ownerUid = null;
    long fileSize;
    try {
      fileSize = entry.size();
      parsed = parser.read(open.of(entry.folder()), entry);
      if (j.queue().equals("maildrop")) {
        // postdrop(1) writes the file as the submitting user: its owner is the submitter's uid.
        ownerUid = (Integer) Files.getAttribute(entry.local(), "unix:uid", LinkOption.NOFOLLOW_LINKS);
      }
    } catch (NoSuchFileException e) {
      return null; // delivered or removed since the listing
    } catch (IOException | RuntimeException e) {
      gaps.add(new QueueGap(serverPath, "cannot read: " + e.getMessage()));
      return null;
    }
    PostfixQueueFile.Parsed p = parsed.file();
    for (String problem : p.problems()) {
      boolean beingWritten = !p.complete() && (j.queue().equals("incoming") || j.queue().equals("maildrop"));
      gaps.add(new QueueGap(serverPath, beingWritten ? problem + " (may still be being written)" : problem));
    }
    Map<String, String> reasons = Map.of();
    QueueFileList.Builder files = new QueueFileList.Builder(entry.name()).in(folder.at());
    if (!j.queue().equals("maildrop") && !j.queue().equals("incoming")) {
      DeferLog d = deferLog(root, folders, open, folder, entry, gaps);
      if (d != null) {
        files.in(d.prefix().equals(entry.prefix()) ? folder.deferAt() : dir + "defer/" + d.prefix());
        if (d.stat().isRegularFile()) {
          try {
            reasons = d.folder().withHead(d.name(), MAX_DEFER_LOG, d.stat().size(), PostfixDeferLog::reasons);
          } catch (NoSuchFileException e) {
            // delivered meanwhile
          } catch (IOException | RuntimeException e) {
            gaps.add(new QueueGap(dir + "defer/" + d.relative(), "cannot read delay reasons: " + e));
          }
        } else {
          gaps.add(new QueueGap(dir + "defer/" + d.relative(), "not a regular file; not opened"));
        }
      }
    }
    List<Recipient> rcpts = new ArrayList<>();
    for (String a : p.recipients()) {
      rcpts.add(new Recipient(a, true, reasons.get(a)));
    }
    MessageFacts f = parsed.facts();
    Integer uid = ownerUid != null ? ownerUid : f.receivedUid();
    Map<String, String> a = p.attributes();
    String client = first(a, "client_address", "log_client_address");
    if (client != null && (client.isEmpty() || client.equals("unknown"))) {
      client = null;
    }
    return new QueuedMessage(Mta.POSTFIX, entry.name(), j.queue(), p.arrival(), p.sender(), rcpts,
        p.contentSize() >= 0 ? p.contentSize() : fileSize, f.from(), f.subject(), f.script(), f.xMailer(), uid, accounts.name(uid),
        emptyToNull(a.get("sasl_username")), client, emptyToNull(first(a, "client_name", "log_client_name")), f.vhost(), f.messageId(),
        f.bulk(), files.build());
  }

  /** A queue file parsed, with the facts its headers give. */
  public record Parsed(PostfixQueueFile.Parsed file, MessageFacts facts) {}

  /**
   * Reads and parses listed queue files: each whole in one read when it fits the thread's buffer
   * (most do), else through positional reads that jump over its body. One per queue read (a
   * lambda holding the header limit would be an object made for every file).
   */
  private static final class QueueFileParser implements dev.spamtrace.hostroot.HeadReader<Parsed> {
    private final int maxHeaderBytes;

    QueueFileParser(int maxHeaderBytes) {
      this.maxHeaderBytes = maxHeaderBytes;
    }

    Parsed read(OpenFolder folder, QueueWalk.Entry entry) throws IOException {
      if (entry.size() > OpenFolder.BUFFER_SIZE) {
        try (ByteSource src = ByteSource.open(entry.local(), entry.size())) {
          return parse(src, maxHeaderBytes);
        }
      }
      try {
        return folder.withHead(entry.name(), OpenFolder.BUFFER_SIZE, entry.size(), this);
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }

    @Override
    public Parsed read(byte[] bytes, int length) {
      try {
        return parse(ByteSource.of(bytes, length), maxHeaderBytes);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Parses one queue file: pure, for tests and the bench. */
  public static Parsed parse(ByteSource src, int maxHeaderBytes) throws IOException {
    PostfixQueueFile.Parsed p = PostfixQueueFile.parse(src, maxHeaderBytes);
    return new Parsed(p, MessageFacts.of(MailHeaders.parse(p.headerBlock(), 0, p.headerBlock().length, MessageFacts.WANTED)));
  }

  /**
   * A message's defer/ log: the folder it is in, its name, and what it is (it is opened only when
   * a regular file). {@code prefix} is its folder below defer/ with a trailing slash, or empty.
   */
  private record DeferLog(OpenFolder folder, String name, String prefix, FileStat stat) {
    String relative() {
      return prefix + name;
    }
  }

  /**
   * The defer/ log of a message: hashed like deferred/ by default (hash_queue_names = deferred,
   * defer), else flat, else hashed by the first character; null when there is none. Found by
   * lstat (which the file needs anyway before it is opened), not by listing defer/.
   */
  private static DeferLog deferLog(HostRoot root, Folders folders, OpenFolders open, Folder folder, QueueWalk.Entry e,
      List<QueueGap> gaps) {
    String name = e.name();
    // Hashed like the message's own folder first: that is where Postfix keeps it by default.
    DeferLog d = deferLogIn(root, open.of(folder.defer()), name, e.prefix(), gaps);
    String first = name.substring(0, 1) + "/";
    for (String other : new String[] {"", first}) {
      if (d == null && !other.equals(e.prefix())) {
        d = deferLogIn(root, open.of(folders.defer(other)), name, other, gaps);
      }
    }
    return d;
  }

  private static DeferLog deferLogIn(HostRoot root, OpenFolder folder, String name, String prefix, List<QueueGap> gaps) {
    try {
      FileStat a = folder.look(name);
      return a == null ? null : new DeferLog(folder, name, prefix, a);
    } catch (IOException | RuntimeException x) {
      gaps.add(new QueueGap(root.serverPath(folder.path().resolve(name)), "cannot stat: " + x.getMessage()));
      return null;
    }
  }

  private static String first(Map<String, String> a, String k1, String k2) {
    String v = a.get(k1);
    return v != null ? v : a.get(k2);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
