package dev.spamtrace.demo;

import dev.spamtrace.mailqueue.qmail.QmailEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes queued messages in each MTA's real on-disk layout, byte for byte as the MTA does, for
 * the demo, the benchmark and tests: Postfix queue files (records as cleanup(8) writes them) with
 * their defer/ logs, Exim -H/-D spool files, and qmail's mess/info/remote/local/todo files named
 * by inode. The readers are tested on files from the real Postfix and Exim; these writers are
 * checked against them.
 */
public final class MailQueueLayouts {
  private MailQueueLayouts() {}

  private static final java.util.concurrent.atomic.AtomicLong SEQ = new java.util.concurrent.atomic.AtomicLong();

  /**
   * One message to write.
   *
   * @param sender envelope sender, "" for the null sender
   * @param recipients envelope recipients
   * @param headers header lines without line ends (folded lines start with a tab)
   * @param body the body
   * @param arrival when it arrived
   * @param uid the submitting uid (local submissions), or null for SMTP
   * @param login its login name, or null
   * @param client SMTP client address, or null
   * @param authUser SMTP AUTH user, or null
   * @param delayReason why delivery was deferred, or null
   */
  public record Message(String sender, List<String> recipients, List<String> headers, String body, Instant arrival, Integer uid,
      String login, String client, String authUser, String delayReason) {}

  // ---- Postfix ----

  /** Postfix's record encoding (record.c rec_put): type, base-128 length (low bits first), data. */
  static void record(ByteArrayOutputStream out, char type, byte[] data) {
    out.write(type);
    int len = data.length;
    do {
      int b = len & 0x7f;
      len >>>= 7;
      out.write(len != 0 ? b | 0x80 : b);
    } while (len != 0);
    out.write(data, 0, data.length);
  }

  static void record(ByteArrayOutputStream out, char type, String data) {
    record(out, type, data.getBytes(StandardCharsets.UTF_8));
  }

  /** A Postfix queue file as cleanup(8) writes it for an incoming message. */
  public static byte[] postfixQueueFile(Message m) {
    ByteArrayOutputStream env = new ByteArrayOutputStream();
    record(env, 'T', m.arrival().getEpochSecond() + " " + m.arrival().getNano() / 1000);
    record(env, 'A', "create_time=" + m.arrival().getEpochSecond());
    record(env, 'A', "rewrite_context=" + (m.client() == null ? "local" : "remote"));
    if (m.login() != null) {
      record(env, 'F', m.login());
    }
    record(env, 'S', m.sender());
    if (m.client() != null) {
      record(env, 'A', "log_client_name=unknown");
      record(env, 'A', "log_client_address=" + m.client());
      record(env, 'A', "log_protocol_name=" + (m.authUser() != null ? "ESMTPA" : "ESMTP"));
      record(env, 'A', "client_name=unknown");
      record(env, 'A', "client_address=" + m.client());
      if (m.authUser() != null) {
        record(env, 'A', "sasl_method=PLAIN");
        record(env, 'A', "sasl_username=" + m.authUser());
      }
    }
    for (String r : m.recipients()) {
      record(env, 'O', r);
      record(env, 'R', r);
    }
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (String h : m.headers()) {
      record(content, 'N', h);
    }
    record(content, 'N', "");
    for (String line : m.body().split("\n", -1)) {
      record(content, 'N', line);
    }
    // The C record is fixed-width so cleanup can write it first and fix it up in place.
    int sizeRecordLength = 2 + 6 * 15 + 5;
    long dataOffset = sizeRecordLength + env.size() + 2; // after the M record
    ByteArrayOutputStream out = new ByteArrayOutputStream(env.size() + content.size() + 200);
    record(out, 'C', String.format(Locale.ROOT, "%15d %15d %15d %15d %15d %15d", content.size(), dataOffset, m.recipients().size(), 0,
        content.size(), 0));
    out.write(env.toByteArray(), 0, env.size());
    record(out, 'M', "");
    out.write(content.toByteArray(), 0, content.size());
    record(out, 'X', "");
    record(out, 'E', "");
    return out.toByteArray();
  }

  /** A defer/ log as bounce(8) writes it: one attribute list per deferred recipient. */
  public static byte[] postfixDeferLog(List<String> recipients, String reason) {
    StringBuilder b = new StringBuilder();
    for (String r : recipients) {
      b.append("recipient=").append(r).append('\n').append("offset=0\n").append("dsn_orig_rcpt=rfc822;").append(r).append('\n')
          .append("status=4.4.1\n").append("action=delayed\n").append("reason=").append(reason).append("\n\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes a message into a Postfix queue directory: {@code QUEUE/H/ID} (hash_queue_depth 1 for
   * deferred, flat elsewhere, as Postfix's defaults) and, for deferred mail, {@code defer/H/ID}.
   */
  public static Path writePostfix(Path queueDir, String queue, String id, Message m) throws IOException {
    boolean hashed = queue.equals("deferred");
    Path dir = hashed ? queueDir.resolve(queue).resolve(id.substring(0, 1)) : queueDir.resolve(queue);
    Files.createDirectories(dir);
    Path f = dir.resolve(id);
    Files.write(f, postfixQueueFile(m));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    if (m.delayReason() != null) {
      Path d = queueDir.resolve("defer").resolve(id.substring(0, 1));
      Files.createDirectories(d);
      Files.write(d.resolve(id), postfixDeferLog(m.recipients(), m.delayReason()));
    }
    return f;
  }

  /** The Postfix queue folders, as postfix-install makes them. */
  public static void postfixSkeleton(Path queueDir) throws IOException {
    for (String d : List.of("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming", "maildrop", "pid",
        "private", "public", "saved", "trace")) {
      Files.createDirectories(queueDir.resolve(d));
    }
  }

  /** A Postfix-style short queue id: 11 upper-case hex digits. */
  public static String postfixId(long n) {
    return String.format(Locale.ROOT, "%011X", 0x10000000000L + n * 0x9E3779B1L % 0xEFFFFFFFFFL);
  }

  // ---- Exim ----

  /** An Exim -H file as Exim 4.96 writes it (compare the fixtures made by the real Exim). */
  public static byte[] eximHeaderFile(String id, Message m) {
    StringBuilder b = new StringBuilder();
    b.append(id).append("-H\n");
    String login = m.login() != null ? m.login() : m.client() != null ? "Debian-exim" : "root";
    int uid = m.uid() != null ? m.uid() : 101;
    b.append(login).append(' ').append(uid).append(' ').append(uid).append('\n');
    b.append('<').append(m.sender()).append(">\n");
    b.append(m.arrival().getEpochSecond()).append(" 0\n");
    b.append(String.format(Locale.ROOT, "-received_time_usec .%06d%n", m.arrival().getNano() / 1000));
    if (m.client() != null) {
      b.append("--helo_name client.example\n");
      b.append("--host_address [").append(m.client()).append("]:").append(40000).append('\n');
      if (m.authUser() != null) {
        b.append("-host_auth plain\n-host_auth_pubname PLAIN\n");
      }
      b.append("-received_protocol ").append(m.authUser() != null ? "esmtpa" : "esmtp").append('\n');
      if (m.authUser() != null) {
        b.append("--auth_id ").append(m.authUser()).append('\n');
      }
    } else {
      b.append("-ident ").append(login).append('\n').append("-received_protocol local\n");
      b.append("-auth_id ").append(login).append('\n').append("-local\n");
    }
    b.append("-body_linecount ").append(m.body().split("\n", -1).length).append('\n');
    b.append("XX\n").append(m.recipients().size()).append('\n');
    for (String r : m.recipients()) {
      b.append(r).append('\n');
    }
    b.append('\n');
    StringBuilder header = new StringBuilder();
    for (String h : m.headers()) {
      if (!header.isEmpty() && !(h.startsWith("\t") || h.startsWith(" "))) {
        appendEximHeader(b, header.toString());
        header.setLength(0);
      }
      header.append(h).append('\n');
    }
    if (!header.isEmpty()) {
      appendEximHeader(b, header.toString());
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendEximHeader(StringBuilder b, String h) {
    String lower = h.toLowerCase(Locale.ROOT);
    char flag = lower.startsWith("received:") ? 'P' : lower.startsWith("to:") ? 'T' : lower.startsWith("from:") ? 'F'
        : lower.startsWith("message-id:") ? 'I' : lower.startsWith("reply-to:") ? 'R' : ' ';
    b.append(String.format(Locale.ROOT, "%03d", h.getBytes(StandardCharsets.UTF_8).length)).append(flag).append(' ').append(h);
  }

  /** Writes -H, -D and (when deferred) msglog/ID; {@code split} puts them under the id's sixth character. */
  public static void writeExim(Path spool, String id, Message m, boolean split) throws IOException {
    String sub = split ? id.substring(5, 6) + "/" : "";
    Path in = spool.resolve("input/" + sub);
    Files.createDirectories(in);
    Files.write(in.resolve(id + "-D"), (id + "-D\n" + m.body()).getBytes(StandardCharsets.UTF_8));
    Files.write(in.resolve(id + "-H"), eximHeaderFile(id, m));
    if (m.delayReason() != null) {
      Path ml = spool.resolve("msglog/" + sub);
      Files.createDirectories(ml);
      StringBuilder b = new StringBuilder();
      String t = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC).format(m.arrival());
      b.append(t).append(" Received from ").append(m.sender().isEmpty() ? "<>" : m.sender()).append(" P=local\n");
      for (String r : m.recipients()) {
        b.append(t).append(' ').append(r).append(" R=smarthost T=remote_smtp defer (111): ").append(m.delayReason()).append('\n');
      }
      Files.writeString(ml.resolve(id), b.toString());
    }
  }

  /** An Exim 4.96 message id for the n-th message: 6-6-2 base-62 characters. */
  public static String eximId(long n, Instant t) {
    return base62(t.getEpochSecond(), 6) + "-" + base62(n + 1000, 6) + "-" + base62(n % 3844, 2);
  }

  private static String base62(long v, int width) {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    char[] c = new char[width];
    for (int i = width - 1; i >= 0; i--) {
      c[i] = digits.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(c);
  }

  // ---- qmail ----

  /** The qmail queue folders (hier.c): hashed mess/info/local/remote 0..split-1, flat pid/intd/todo/bounce, lock/. */
  public static void qmailSkeleton(Path queue, int split) throws IOException {
    for (String d : List.of("mess", "info", "local", "remote")) {
      for (int i = 0; i < split; i++) {
        Files.createDirectories(queue.resolve(d).resolve(String.valueOf(i)));
      }
    }
    for (String d : List.of("pid", "intd", "todo", "bounce", "lock")) {
      Files.createDirectories(queue.resolve(d));
    }
  }

  /**
   * Queues a message as qmail-queue and qmail-send leave it: the message is written under pid/,
   * its inode number becomes its id, it is renamed to {@code mess/(inode % split)/inode}; then
   * (processed) {@code info/}, {@code remote/} and {@code local/} hold its envelope, or
   * (unprocessed) {@code intd/} and {@code todo/} do. Returns the id.
   */
  public static long writeQmail(Path queue, int split, Message m, boolean processed, List<String> localDomains) throws IOException {
    Path tmp = queue.resolve("pid").resolve(ProcessHandle.current().pid() + "." + System.nanoTime() + "." + SEQ.incrementAndGet());
    String received = m.client() != null ? "Received: (qmail " + (1000 + Math.abs(m.sender().hashCode() % 9000)) + " invoked from network); "
        : "Received: (qmail " + (1000 + Math.abs(m.sender().hashCode() % 9000)) + " invoked by uid " + (m.uid() == null ? 0 : m.uid()) + "); ";
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC).format(m.arrival());
    StringBuilder msg = new StringBuilder(received).append(date).append('\n');
    if (m.client() != null) {
      msg.append("Received: from unknown (HELO client.example) (").append(m.client()).append(")\n  by mail.example.test with SMTP; ")
          .append(date).append('\n');
    }
    for (String h : m.headers()) {
      msg.append(h).append('\n');
    }
    msg.append('\n').append(m.body());
    Files.write(tmp, msg.toString().getBytes(StandardCharsets.UTF_8));
    long inode = ((Number) Files.getAttribute(tmp, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
    String s = String.valueOf(inode % split);
    String id = String.valueOf(inode);
    Path mess = queue.resolve("mess").resolve(s).resolve(id);
    Files.move(tmp, mess, StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(mess, FileTime.from(m.arrival()));
    List<QmailEnvelope.Field> remote = new ArrayList<>();
    List<QmailEnvelope.Field> local = new ArrayList<>();
    for (String r : m.recipients()) {
      String domain = r.substring(r.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      (localDomains.contains(domain) ? local : remote).add(new QmailEnvelope.Field('T', r));
    }
    if (processed) {
      Path info = queue.resolve("info").resolve(s).resolve(id);
      Files.write(info, QmailEnvelope.encode(List.of(new QmailEnvelope.Field('F', m.sender())), false));
      Files.setLastModifiedTime(info, FileTime.from(m.arrival()));
      if (!remote.isEmpty()) {
        Files.write(queue.resolve("remote").resolve(s).resolve(id), QmailEnvelope.encode(remote, false));
      }
      if (!local.isEmpty()) {
        Files.write(queue.resolve("local").resolve(s).resolve(id), QmailEnvelope.encode(local, false));
      }
    } else {
      List<QmailEnvelope.Field> env = new ArrayList<>();
      env.add(new QmailEnvelope.Field('u', String.valueOf(m.uid() == null ? 0 : m.uid())));
      env.add(new QmailEnvelope.Field('p', "4242"));
      env.add(new QmailEnvelope.Field('F', m.sender()));
      for (String r : m.recipients()) {
        env.add(new QmailEnvelope.Field('T', r));
      }
      byte[] bytes = QmailEnvelope.encode(env, true);
      Files.write(queue.resolve("intd").resolve(id), bytes);
      Files.createLink(queue.resolve("todo").resolve(id), queue.resolve("intd").resolve(id));
    }
    return inode;
  }

  /** Standard headers of a PHP mail() message, as PHP and the MTA write them. */
  public static List<String> phpMailHeaders(String mtaReceived, String to, String subject, String from, String script, String mailer,
      String messageId, Instant date) {
    List<String> h = new ArrayList<>();
    if (mtaReceived != null) {
      h.addAll(List.of(mtaReceived.split("\n")));
    }
    h.add("To: " + to);
    h.add("Subject: " + subject);
    if (script != null) {
      h.add("X-PHP-Originating-Script: " + script);
    }
    h.add("From: " + from);
    if (mailer != null) {
      h.add("X-Mailer: " + mailer);
    }
    h.add("Message-Id: " + messageId);
    h.add("Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC).format(date));
    return h;
  }
}
