package dev.spamtrace.mailqueue.qmail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * qmail's envelope records (notqmail INTERNALS, qmail-queue.c, qmail-send.c): NUL-terminated
 * records, each a type letter and a value. {@code intd/} and {@code todo/} files hold
 * {@code u<uid>}, {@code p<pid>}, {@code F<sender>} then {@code T<recipient>}…; {@code info/}
 * holds the {@code F} record; {@code local/} and {@code remote/} hold one record per recipient,
 * {@code T} while pending and {@code D} once done (qmail-send rewrites the letter in place).
 */
public final class QmailEnvelope {
  private QmailEnvelope() {}

  /** One record: its letter and value. */
  public record Field(char type, String value) {}

  /**
   * The records in the bytes; a last record without its NUL (a truncated file) is reported in
   * {@code problems} and dropped, an empty record (qmail's envelope terminator) ends the list.
   */
  public static List<Field> parse(byte[] b, List<String> problems) {
    return parse(b, b.length, problems);
  }

  /** Like {@link #parse(byte[], List)}, over the first {@code length} bytes. */
  public static List<Field> parse(byte[] b, int length, List<String> problems) {
    Records r = records(b, length);
    if (r.truncated()) {
      problems.add(TRUNCATED);
    }
    return r.fields();
  }

  /** What {@link #parse} reports for a last record without its NUL. */
  public static final String TRUNCATED = "last record is not terminated (truncated file)";

  /** An envelope file's records, and whether its last one was cut short (and dropped). */
  public record Records(List<Field> fields, boolean truncated) {}

  /**
   * The records in the first {@code length} bytes (a queue reader's {@code HeadReader}: it keeps
   * nothing of the caller's, so one instance serves every file).
   */
  public static Records records(byte[] b, int length) {
    List<Field> out = new ArrayList<>(2);
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (b[i] != 0) {
        continue;
      }
      if (i == start) {
        return new Records(out, false); // the empty record after the last recipient
      }
      out.add(new Field((char) (b[start] & 0xff), new String(b, start + 1, i - start - 1, StandardCharsets.UTF_8)));
      start = i + 1;
    }
    return new Records(out, start < length);
  }

  /** Encodes records as qmail writes them (for tests, the demo and the bench). */
  public static byte[] encode(List<Field> fields, boolean terminator) {
    StringBuilder s = new StringBuilder();
    for (Field f : fields) {
      s.append(f.type()).append(f.value()).append('\0');
    }
    if (terminator) {
      s.append('\0');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
