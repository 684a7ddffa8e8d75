package dev.spamtrace.mailqueue.exim;

import dev.spamtrace.mailqueue.MailHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Exim {@code -H} spool file (Exim specification, "Format of spool files"): the id line; the
 * login, uid and gid of the submitter; the envelope sender in {@code <>}; arrival time and count of
 * delay warnings; {@code -name value} option lines ({@code -ident}, {@code -received_protocol},
 * {@code -auth_id}, {@code -host_address}, {@code -frozen}…); the tree of addresses already
 * delivered ({@code XX} when empty, else lines {@code YN address}); the recipient count and list;
 * a blank line; then each header as {@code NNNc text}, NNN its length including line ends and c a
 * flag ({@code *} deleted, {@code P} Received, {@code T} To, {@code F} From…).
 *
 * <p>Pure; never throws on a broken file: what was wrong is in {@link Parsed#problems()}.
 */
public final class EximHeaderFile {
  private EximHeaderFile() {}

  /**
   * What an -H file says.
   *
   * @param id the message id from the first line
   * @param login the submitter's login name (line 2)
   * @param uid the submitter's uid
   * @param sender the envelope sender (empty: the null sender)
   * @param arrival when it was received
   * @param options the option lines, name (without the dash) → value ("" for flags)
   * @param delivered addresses already delivered (the non-recipients tree)
   * @param recipients every recipient listed (delivered ones included, as Exim keeps them)
   * @param headers the non-deleted headers
   * @param headerLines their raw lines, in order (continuation lines as written)
   * @param headerBytes the length of all non-deleted headers, as Exim counts message size
   * @param problems what was wrong
   */
  public record Parsed(
      String id, String login, Integer uid, String sender, Instant arrival, Map<String, String> options, List<String> delivered,
      List<String> recipients, MailHeaders headers, List<String> headerLines, long headerBytes, List<String> problems) {

    public boolean frozen() {
      return options.containsKey("frozen");
    }
  }

  /** Limits that keep a hostile file from costing more than a real one. */
  private static final int MAX_RECIPIENTS = 100_000;
  private static final int MAX_HEADER_LINES = 2000;

  public static Parsed parse(byte[] bytes) {
    Cursor c = new Cursor(bytes);
    List<String> problems = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    List<String> delivered = new ArrayList<>();
    List<String> recipients = new ArrayList<>();
    String id = null;
    String login = null;
    Integer uid = null;
    String sender = null;
    Instant arrival = null;
    List<String> headerLines = new ArrayList<>();
    long headerBytes = 0;
    try {
      String first = c.line();
      if (first == null || !first.endsWith("-H")) {
        throw new Broken("first line is not the file's own name (…-H)");
      }
      id = first.substring(0, first.length() - 2);
      String[] who = c.required("submitter line").split(" ");
      login = who[0];
      uid = who.length > 1 ? parseInt(who[1]) : null;
      String s = c.required("sender line");
      if (!(s.startsWith("<") && s.endsWith(">"))) {
        throw new Broken("sender line is not <address>");
      }
      sender = s.substring(1, s.length() - 1);
      String[] t = c.required("time line").split(" ");
      Long sec = parseLong(t[0]);
      arrival = sec == null ? null : Instant.ofEpochSecond(sec);
      String line;
      while (true) {
        line = c.required("option or delivered-tree line");
        if (!line.startsWith("-")) {
          break;
        }
        int sp = line.indexOf(' ');
        // Exim 4.94+ marks tainted values with a second dash: "--host_address [1.2.3.4]:0".
        int nameStart = line.startsWith("--") ? 2 : 1;
        String name = sp < 0 ? line.substring(nameStart) : line.substring(nameStart, Math.max(nameStart, sp));
        String value = sp < 0 ? "" : line.substring(sp + 1);
        if (name.startsWith("acl")) {
          // -aclc NAME LEN / -aclm NAME LEN: the value follows on its own, LEN bytes then a newline.
          String[] f = value.split(" ");
          Integer len = f.length >= 2 ? parseInt(f[f.length - 1]) : null;
          if (len == null || len < 0) {
            throw new Broken("malformed ACL variable line");
          }
          c.skip(len + 1);
          continue;
        }
        options.putIfAbsent(name, value);
      }
      if (!line.equals("XX")) {
        readTree(line, c, delivered, 0);
      }
      Integer count = parseInt(c.required("recipient count"));
      if (count == null || count < 0 || count > MAX_RECIPIENTS) {
        throw new Broken("bad recipient count");
      }
      for (int i = 0; i < count; i++) {
        recipients.add(recipientAddress(c.required("recipient")));
      }
      String blank = c.required("blank line before the headers");
      if (!blank.isEmpty()) {
        throw new Broken("no blank line after the recipients");
      }
      while (c.more() && headerLines.size() < MAX_HEADER_LINES) {
        int start = c.pos;
        int n = 0;
        while (c.more() && Character.isDigit(c.peek())) {
          n = n * 10 + (c.next() - '0');
          if (n > 1 << 24) {
            throw new Broken("header length out of range");
          }
        }
        if (c.pos == start || !c.more()) {
          throw new Broken("header without its length at byte " + start);
        }
        char flag = (char) c.next();
        if (!c.more() || c.next() != ' ') {
          throw new Broken("header length not followed by flag and space at byte " + start);
        }
        String text = c.take(n);
        if (text == null) {
          throw new Broken("file ends inside a header (truncated)");
        }
        if (flag != '*') {
          headerBytes += n;
          for (String l : text.split("\n")) {
            headerLines.add(l);
          }
        }
      }
    } catch (Broken b) {
      problems.add(b.getMessage());
    }
    return new Parsed(id, login, uid, sender, arrival, options, delivered, recipients, MailHeaders.parse(headerLines, dev.spamtrace.mailqueue.MessageFacts.WANTED), List.copyOf(headerLines), headerBytes, problems);
  }

  /** Pre-order: the node, then its left subtree if the first letter is Y, then its right if the second is. */
  private static void readTree(String line, Cursor c, List<String> out, int depth) {
    if (depth > 64 || line.length() < 4 || "YN".indexOf(line.charAt(0)) < 0 || "YN".indexOf(line.charAt(1)) < 0 || line.charAt(2) != ' ') {
      throw new Broken("malformed delivered-address tree line");
    }
    out.add(line.substring(3));
    if (line.charAt(0) == 'Y') {
      readTree(c.required("delivered-tree line"), c, out, depth + 1);
    }
    if (line.charAt(1) == 'Y') {
      readTree(c.required("delivered-tree line"), c, out, depth + 1);
    }
  }

  /**
   * A recipient line is the address, optionally followed by " errors_to len,pno#flags" (or with
   * DSN data); the address itself ends at the first space when such a tail is there.
   */
  static String recipientAddress(String line) {
    int hash = line.lastIndexOf('#');
    int sp = line.indexOf(' ');
    if (hash > 0 && sp > 0 && sp < hash && line.substring(hash + 1).chars().allMatch(Character::isDigit)) {
      return line.substring(0, sp);
    }
    return line;
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseLong(String s) {
    try {
      return Long.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final class Broken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Broken(String m) {
      super(m, null, false, false);
    }
  }

  /** Lines and counted runs over the bytes; text is decoded as UTF-8 (invalid bytes → U+FFFD). */
  private static final class Cursor {
    final byte[] b;
    int pos;

    Cursor(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length;
    }

    int peek() {
      return b[pos] & 0xff;
    }

    int next() {
      return b[pos++] & 0xff;
    }

    String line() {
      if (pos >= b.length) {
        return null;
      }
      int start = pos;
      while (pos < b.length && b[pos] != '\n') {
        pos++;
      }
      if (pos >= b.length) {
        throw new Broken("file ends inside a line (truncated)");
      }
      String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
      pos++;
      return s;
    }

    String required(String what) {
      String l = line();
      if (l == null) {
        throw new Broken("file ends before the " + what + " (truncated)");
      }
      return l;
    }

    String take(int n) {
      if (pos + n > b.length) {
        return null;
      }
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }

    void skip(int n) {
      if (pos + n > b.length) {
        throw new Broken("file ends inside an ACL variable (truncated)");
      }
      pos += n;
    }
  }
}
