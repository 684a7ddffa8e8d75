package dev.spamtrace.mailqueue.exim;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.FileStat;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.hostroot.OpenFolder;
import dev.spamtrace.hostroot.OpenFolders;
import dev.spamtrace.mailqueue.LocalAccounts;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MessageFacts;
import dev.spamtrace.mailqueue.Mta;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Exim spool ({@code spool_directory}: {@code /var/spool/exim4} on Debian,
 * {@code /var/spool/exim} on RHEL/cPanel): {@code input/ID-H} (envelope and headers) and
 * {@code input/ID-D} (body), flat or split into {@code input/X/} by the id's sixth character
 * ({@code split_spool_directory}), and {@code msglog/ID} for delay reasons. Works with Exim stopped.
 */
public final class EximSpool implements QueueReader {
  /** Exim ids: 6-6-2 characters up to 4.96, 6-11-4 from 4.97 on (base 62). */
  private static final Pattern ID = Pattern.compile("[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}");

  /** An -H file is envelope and headers; more than this is not a real one. */
  private static final int MAX_H_BYTES = 4 << 20;
  private static final int MAX_MSGLOG = 256 * 1024;

  // 4.94+: "[1.2.3.4]:port" / "[2001:db8::1]:port"; older: "1.2.3.4.port".
  private static final Pattern HOST_ADDRESS = Pattern.compile("^\\[([^\\]]+)\\](?::\\d+)?$|^(.+)\\.\\d+$");

  @Override
  public Mta mta() {
    return Mta.EXIM;
  }

  @Override
  public List<String> find(HostRoot root, MailQueueSettings settings) {
    return QueueReader.withFolder(root, settings.eximSpoolDirectories(), "input");
  }

  @Override
  public QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now) {
    List<QueueGap> gaps = Collections.synchronizedList(new ArrayList<>());
    Path base = root.resolve(directory);
    // Flat and split layouts can coexist (split_spool_directory changed on a live server): read both.
    // Listed by name; each -H and -D file is looked at as its message is read (QueueWalk.named).
    List<QueueWalk.Name> headers = new ArrayList<>();
    for (QueueWalk.Name e : QueueWalk.named(root, base.resolve("input"), 1, settings.maxMessages() * 2 + 16, gaps)) {
      String n = e.name();
      if (n.endsWith("-H") && ID.matcher(n.substring(0, n.length() - 2)).matches()) {
        headers.add(e);
      } else if (!n.endsWith("-D") && !n.endsWith("-J") && !n.endsWith("-K") && !n.startsWith("hdr.") && !n.startsWith("msglog.")) {
        // -D: read with its -H; -J: delivery journal; -K: spool wireformat; hdr.*: a -H being written. Anything else is odd.
        gaps.add(new QueueGap(root.serverPath(e.local()), "unexpected file in the spool; not read"));
      }
    }
    boolean truncated = headers.size() > settings.maxMessages();
    if (truncated) {
      headers = headers.subList(0, settings.maxMessages());
      gaps.add(new QueueGap(directory, "stopped after " + settings.maxMessages() + " messages (mailqueue.max-messages); the rest was not read"));
    }
    java.util.Map<String, Set<String>> msglogs = new java.util.concurrent.ConcurrentHashMap<>();
    // Sorted by id (the name without "-H") before reading: the parallel read keeps this order, and
    // messages made in walking order sit together in memory.
    headers = new ArrayList<>(headers);
    headers.sort(Comparator.comparing((QueueWalk.Name e) -> e.name().substring(0, e.name().length() - 2)));
    List<QueuedMessage> messages = QueueReader.readEach(headers.stream(),
        (e, folders) -> readOne(root, base, directory, folders, e, msglogs, accounts, gaps));
    return new QueueSnapshot(Mta.EXIM, directory, now, messages, new ArrayList<>(gaps), truncated);
  }

  private static QueuedMessage readOne(HostRoot root, Path base, String directory, OpenFolders folders, QueueWalk.Name listed,
      java.util.Map<String, Set<String>> msglogs, LocalAccounts accounts, List<QueueGap> gaps) {
    QueueWalk.Entry e = QueueWalk.look(root, folders, listed, gaps);
    if (e == null) {
      return null; // gone since the listing, or not a regular file (a gap says which)
    }
    String dir = directory.endsWith("/") ? directory : directory + "/";
    String serverPath = dir + "input/" + e.relative();
    OpenFolder input = folders.of(e.folder());
    byte[] h;
    try {
      h = input.withHead(e.name(), MAX_H_BYTES, e.size(), (b, n) -> java.util.Arrays.copyOf(b, n));
    } catch (java.nio.file.NoSuchFileException x) {
      return null; // delivered and removed since the listing
    } catch (java.io.IOException | RuntimeException x) {
      gaps.add(new QueueGap(serverPath, "cannot read: " + x));
      return null;
    }
    EximHeaderFile.Parsed p = EximHeaderFile.parse(h);
    if (h.length >= MAX_H_BYTES) {
      gaps.add(new QueueGap(serverPath, "larger than " + MAX_H_BYTES + " bytes; read only the start"));
    }
    for (String problem : p.problems()) {
      gaps.add(new QueueGap(serverPath, problem));
    }
    String id = e.name().substring(0, e.name().length() - 2);
    String dataRel = e.relative().substring(0, e.relative().length() - 1) + "D";
    Path data = e.folder().resolve(id + "-D");
    List<String> files = new ArrayList<>(List.of(serverPath));
    long size = p.headerBytes();
    FileStat d = null;
    boolean looked = true;
    try {
      d = input.look(id + "-D");
    } catch (java.io.IOException | RuntimeException x) {
      gaps.add(new QueueGap(root.serverPath(data), "cannot stat: " + x.getMessage()));
      looked = false;
    }
    if (d != null && !d.isRegularFile()) {
      gaps.add(new QueueGap(root.serverPath(data), "not a regular file; not opened"));
    } else if (d != null) {
      files.add(dir + "input/" + dataRel);
      size += Math.max(0, d.size() - (id.length() + 3)); // minus the "ID-D\n" first line
    } else if (looked) {
      gaps.add(new QueueGap(root.serverPath(data), "data file missing (message being received, or half removed)"));
    }
    String sub = e.relative().contains("/") ? e.relative().substring(0, e.relative().indexOf('/') + 1) : "";
    Path msglog = base.resolve("msglog").resolve(sub + id);
    Map<String, String> reasons = Map.of();
    // msglog/ is listed once per folder; each log is opened only after lstat says it is a plain file.
    Set<String> logs = msglogs.get(sub);
    logs = logs != null ? logs : msglogs.computeIfAbsent(sub, f -> QueueWalk.names(base.resolve("msglog").resolve(f.isEmpty() ? "." : f), gaps, root));
    if (logs.contains(id)) {
      FileRead ml = root.read(msglog, MAX_MSGLOG);
      if (ml instanceof FileRead.Content mc) {
        files.add(dir + "msglog/" + sub + id);
        reasons = EximMsglog.reasons(mc.text());
      } else if (!(ml instanceof FileRead.Missing)) {
        gaps.add(new QueueGap(dir + "msglog/" + sub + id, "cannot read: " + ml));
      }
    }
    Set<String> delivered = new HashSet<>(p.delivered());
    List<Recipient> rcpts = new ArrayList<>();
    for (String a : p.recipients()) {
      boolean pending = !delivered.contains(a);
      rcpts.add(new Recipient(a, pending, reasons.get(a)));
    }
    MessageFacts f = MessageFacts.of(p.headers());
    Map<String, String> o = p.options();
    boolean smtp = o.containsKey("host_address");
    // -auth_id is also set for local submissions on Debian (the login); only SMTP AUTH counts here.
    String auth = o.containsKey("host_auth") ? emptyToNull(o.get("auth_id")) : null;
    String client = smtp ? hostAddress(o.get("host_address")) : null;
    Integer uid = smtp ? null : p.uid();
    String user = smtp ? null : p.login() != null ? p.login() : accounts.name(uid);
    return new QueuedMessage(Mta.EXIM, id, p.frozen() ? "frozen" : "input", p.arrival(), p.sender(), rcpts, size, f.from(),
        f.subject(), f.script(), f.xMailer(), uid, user, auth, client, emptyToNull(o.get("host_name")), f.vhost(), f.messageId(),
        f.bulk(), files);
  }

  static String hostAddress(String v) {
    if (v == null) {
      return null;
    }
    Matcher m = HOST_ADDRESS.matcher(v.strip());
    if (!m.matches()) {
      return v.strip();
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
