package dev.spamtrace.mailqueue.postfix;

import dev.spamtrace.mailqueue.ByteSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Postfix's queue file, read as {@code postcat} reads it (Postfix {@code src/global/record.c},
 * {@code rec_type.h}): a sequence of records, each a type byte, a length in base-128 (low 7 bits
 * first, the high bit saying "more"), then the data. Three segments: the envelope (up to
 * {@code M}), the content ({@code N} lines, {@code L} partial lines, up to {@code X}), and the
 * records extracted from headers (up to {@code E}: where {@code sendmail -t} recipients live).
 * {@code p} records point elsewhere in the file (in-place edits); offset 0 is a placeholder.
 *
 * <p>Reads the envelope, the headers (at most {@code maxHeaderBytes}) and the extracted segment,
 * jumping over the body with the offsets in the first ({@code C}) record. Never throws on a broken
 * file: what could not be read is in {@link Parsed#problems()}.
 */
public final class PostfixQueueFile {
  /** Record types as in rec_type.h; everything else is reported as unknown. */
  private static final String KNOWN_TYPES = "CTcFILSDRO/WAK>fdMNwXrePpV<ionmEu";

  /** No envelope record is longer than this (an address, an attribute); longer means corrupt. */
  private static final int MAX_ENVELOPE_RECORD = 1 << 20;

  /** Postfix stops after 10000 reverse jumps (rec_goto); so do we, and after this many jumps in all. */
  private static final int MAX_JUMPS = 100_000;

  /** Bytes of content scanned for the extracted segment when the C record cannot be trusted. */
  private static final long MAX_CONTENT_SCAN = 8L << 20;

  private PostfixQueueFile() {}

  /**
   * Records whose data nothing here reads (only their presence counts, as for D and /): jumped
   * over without copying. The others: C T F S R A M N L X E p w.
   */
  private static final String SKIPPED = "cOIDWK>fdrePV<ionmu/";

  /** {@link #KNOWN_TYPES} and {@link #SKIPPED} by type byte: asked of every record of every file. */
  private static final boolean[] KNOWN = table(KNOWN_TYPES);
  private static final boolean[] SKIP = table(SKIPPED);

  private static boolean[] table(String types) {
    boolean[] t = new boolean[256];
    for (char c : types.toCharArray()) {
      t[c] = true;
    }
    return t;
  }

  /** The header block being collected, one per thread (copied out at its exact size). */
  private static final ThreadLocal<HeaderBlock> HEADERS = ThreadLocal.withInitial(HeaderBlock::new);

  /** The header lines being collected: a plain growing array (no lock per line, as a stream has). */
  private static final class HeaderBlock {
    byte[] bytes = new byte[4096];
    int length;

    void write(byte[] b, int off, int n) {
      if (length + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
      System.arraycopy(b, off, bytes, length, n);
      length += n;
    }

    void write(int b) {
      if (length == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = (byte) b;
    }

    byte[] copy() {
      return java.util.Arrays.copyOf(bytes, length);
    }
  }

  private static final ThreadLocal<byte[]> WINDOW = ThreadLocal.withInitial(() -> new byte[16384]);

  /**
   * What one queue file says.
   *
   * @param arrival {@code T}: when the message arrived
   * @param sender {@code S}: the envelope sender (empty: the null sender); null when absent
   * @param fullName {@code F}: the sender's full name (for local submissions, the passwd gecos)
   * @param recipients pending recipients ({@code R}), envelope and extracted
   * @param doneRecipients recipients already delivered or cancelled ({@code D}, {@code /})
   * @param attributes named attributes ({@code A}: {@code client_address}, {@code sasl_username}, …)
   * @param headerBlock the header lines, each ended by LF, up to the empty line or the limit
   * @param contentSize message size from the {@code C} record, -1 when absent
   * @param complete true when the end record ({@code E}) was reached
   * @param problems what was wrong with the file, empty for a good one
   */
  public record Parsed(
      Instant arrival, String sender, String fullName, List<String> recipients, int doneRecipients,
      Map<String, String> attributes, byte[] headerBlock, long contentSize, boolean complete, List<String> problems) {

    /** The header lines, without line ends. */
    public List<String> headerLines() {
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < headerBlock.length; i++) {
        if (headerBlock[i] == '\n') {
          out.add(new String(headerBlock, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      if (start < headerBlock.length) {
        out.add(new String(headerBlock, start, headerBlock.length - start, StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  /** Reads records from a source with a small window, following pointer records. */
  private static final class Records {
    final ByteSource src;
    // Most queue files are a few hundred bytes: a window the size of the file (at most 16 KiB),
    // reused by the thread, instead of 16 KiB of garbage per message.
    final byte[] window;
    long windowStart = 0;
    int windowLen = 0;
    long pos = 0;
    int jumps = 0;
    int type;
    long recordStart;
    // The current record's data: a view of the window when it lies inside it (most records), else
    // a copy; hasData is false for records jumped over.
    boolean hasData;
    byte[] buf;
    int off;
    int len;

    Records(ByteSource src) {
      this.src = src;
      byte[] w = WINDOW.get();
      this.window = w;
    }

    int byteAt(long p) throws IOException {
      if (p < windowStart || p >= windowStart + windowLen) {
        windowStart = p;
        windowLen = Math.max(0, src.read(p, window, 0, window.length));
        if (windowLen == 0) {
          return -1;
        }
      }
      return window[(int) (p - windowStart)] & 0xff;
    }

    /**
     * Reads the next record's type and length; the data is read only when {@code want} allows.
     * Returns false at the end of the file; throws {@link Broken} on a malformed record.
     */
    boolean next(int maxData) throws IOException {
      recordStart = pos;
      int t = byteAt(pos);
      if (t < 0) {
        return false;
      }
      pos++;
      long len = 0;
      int shift = 0;
      while (true) {
        if (shift >= 32) {
          throw new Broken("too many length bits in record '" + printable(t) + "' at offset " + recordStart);
        }
        int b = byteAt(pos++);
        if (b < 0) {
          throw new Broken("file ends inside the length of record '" + printable(t) + "' at offset " + recordStart);
        }
        len |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
      }
      if (pos + len > src.size()) {
        throw new Broken("record '" + printable(t) + "' at offset " + recordStart + " claims " + len + " bytes; the file ends first");
      }
      type = t;
      if (len > maxData && len > 64 || SKIP[t]) {
        hasData = false;
        pos += len;
        return true;
      }
      hasData = true;
      this.len = (int) len;
      if (pos >= windowStart && pos + len <= windowStart + windowLen) {
        buf = window;
        off = (int) (pos - windowStart);
        pos += len;
        return true;
      }
      byte[] data = new byte[(int) len];
      buf = data;
      off = 0;
      for (int i = 0; i < len; ) {
        if (pos + i < windowStart || pos + i >= windowStart + windowLen) {
          byteAt(pos + i);
        }
        int avail = (int) Math.min(len - i, windowStart + windowLen - (pos + i));
        System.arraycopy(window, (int) (pos + i - windowStart), data, i, avail);
        i += avail;
      }
      pos += len;
      return true;
    }

    String text() {
      return hasData ? new String(buf, off, len, StandardCharsets.UTF_8) : "";
    }

    /** Follows a pointer record; returns false for the placeholder (offset 0). */
    boolean jump() {
      long target;
      try {
        target = Long.parseLong(text().strip());
      } catch (NumberFormatException e) {
        throw new Broken("malformed pointer record at offset " + recordStart);
      }
      if (target == 0) {
        return false;
      }
      if (target < 0 || target >= src.size()) {
        throw new Broken("pointer at offset " + recordStart + " leads outside the file (" + target + ")");
      }
      if (++jumps > MAX_JUMPS) {
        throw new Broken("too many pointer records (a loop?)");
      }
      pos = target;
      return true;
    }
  }

  /** A malformed record: parsing stops there. */
  private static final class Broken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Broken(String m) {
      super(m, null, false, false);
    }
  }

  static String printable(int t) {
    return t >= 0x21 && t < 0x7f ? String.valueOf((char) t) : String.format("0x%02x", t);
  }

  public static Parsed parse(ByteSource src, int maxHeaderBytes) throws IOException {
    Records r = new Records(src);
    Instant arrival = null;
    String sender = null;
    String fullName = null;
    List<String> recipients = new ArrayList<>();
    int done = 0;
    Map<String, String> attrs = new LinkedHashMap<>();
    HeaderBlock headers = HEADERS.get();
    headers.length = 0;
    long contentSize = -1;
    long dataOffset = -1;
    boolean complete = false;
    List<String> problems = new ArrayList<>();
    if (src.size() == 0) {
      problems.add("empty file (being written, or left by a crash)");
      return new Parsed(null, null, null, recipients, 0, attrs, new byte[0], -1, false, problems);
    }
    int segment = 0; // 0 envelope, 1 content, 2 extracted
    boolean headersDone = false;
    int headerBytes = 0;
    boolean partialLine = false; // an L record started a line that the next N record ends
    long contentStart = -1;
    try {
      while (true) {
        int limit = segment == 1 && headersDone ? -1 : segment == 1 ? Math.max(0, maxHeaderBytes) + 1 : MAX_ENVELOPE_RECORD;
        if (!r.next(limit < 0 ? 0 : limit)) {
          problems.add(segment == 0 ? "file ends before the message content (incomplete?)" : "file ends without the end record (incomplete?)");
          break;
        }
        int t = r.type;
        if (t == 'p') {
          if (!r.hasData) {
            throw new Broken("oversized pointer record at offset " + r.recordStart);
          }
          r.jump();
          continue;
        }
        if (segment == 1) {
          if (t == 'N' || t == 'L') {
            if (!headersDone) {
              int n = r.hasData ? r.len : 0;
              headerBytes += n + 1;
              if (n > 0) {
                headers.write(r.buf, r.off, n);
              }
              if (t == 'N') {
                if (!partialLine && n == 0) {
                  headersDone = true; // the empty line: the body follows
                } else {
                  headers.write('\n');
                }
                partialLine = false;
              } else {
                partialLine = true;
              }
              if (headerBytes > maxHeaderBytes) {
                headersDone = true;
              }
            }
            if (headersDone) {
              // Jump over the body to the extracted segment when the C record says where it is.
              long x = dataOffset >= 0 && contentSize >= 0 ? dataOffset + contentSize : -1;
              if (x > r.pos && x < src.size() && r.byteAt(x) == 'X') {
                r.pos = x;
              } else if (r.pos - contentStart > MAX_CONTENT_SCAN) {
                problems.add("body longer than " + MAX_CONTENT_SCAN + " bytes without a usable size record; recipients after it not read");
                break;
              }
            }
            continue;
          }
          if (t == 'w') {
            continue;
          }
          if (t == 'X') {
            segment = 2;
            continue;
          }
          throw new Broken("unexpected record '" + printable(t) + "' in the message content at offset " + r.recordStart);
        }
        if (!KNOWN[t] || t == 'N' && segment == 0) {
          problems.add("unknown record type '" + printable(t) + "' at offset " + r.recordStart);
          continue;
        }
        switch (t) {
          case 'C' -> {
            long[] f = r.hasData ? numbers(r.buf, r.off, r.len, 2) : new long[0];
            contentSize = f.length > 0 && f[0] != NOT_A_NUMBER ? f[0] : -1;
            dataOffset = f.length > 1 && f[1] != NOT_A_NUMBER ? f[1] : -1;
          }
          case 'T' -> arrival = r.hasData ? parseTime(r.buf, r.off, r.len) : null;
          case 'F' -> fullName = r.text();
          case 'S' -> sender = r.text();
          case 'R' -> recipients.add(r.text());
          case 'D', '/' -> done++;
          case 'A' -> {
            String a = r.text();
            int eq = a.indexOf('=');
            if (eq > 0) {
              attrs.putIfAbsent(a.substring(0, eq), a.substring(eq + 1));
            }
          }
          case 'M' -> {
            if (segment != 0) {
              throw new Broken("second start-of-content record at offset " + r.recordStart);
            }
            segment = 1;
            contentStart = r.pos;
          }
          case 'X' -> segment = 2;
          case 'E' -> complete = true;
          default -> {
            // Known records spamtrace does not need: O, W, K, >, f, d, r, e, P, V, <, i, o, n, m, u, c, I, L.
          }
        }
        if (complete) {
          break;
        }
      }
    } catch (Broken b) {
      problems.add(b.getMessage());
    }
    return new Parsed(arrival, sender, fullName, recipients, done, attrs, headers.copy(), contentSize, complete, problems);
  }

  /** What {@link #numbers} gives for a word that is not a number. */
  static final long NOT_A_NUMBER = Long.MIN_VALUE;

  /**
   * The first {@code n} whitespace-separated words of a record read as decimal numbers (an
   * optional sign, then ASCII digits, as {@link Long#parseLong} reads them), fewer when there are
   * fewer words; a word that is not one gives {@link #NOT_A_NUMBER}. On the record's bytes, by
   * hand: the size and time records of every message.
   */
  static long[] numbers(byte[] b, int off, int len, int n) {
    long[] out = new long[n];
    int k = 0;
    int i = off;
    int end = off + len;
    while (k < n) {
      while (i < end && space(b[i])) {
        i++;
      }
      if (i == end) {
        break;
      }
      int start = i;
      while (i < end && !space(b[i])) {
        i++;
      }
      out[k++] = number(b, start, i);
    }
    return k == n ? out : java.util.Arrays.copyOf(out, k);
  }

  /** ASCII whitespace as {@link Character#isWhitespace} has it. */
  private static boolean space(byte c) {
    return c == ' ' || c >= 9 && c <= 13 || c >= 28 && c <= 31;
  }

  private static long number(byte[] b, int from, int to) {
    boolean negative = b[from] == '-';
    int i = negative || b[from] == '+' ? from + 1 : from;
    if (i == to) {
      return NOT_A_NUMBER;
    }
    long v = 0; // kept negative, as Long.parseLong does, so the most negative value fits
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
        return NOT_A_NUMBER;
      }
      v = v * 10 - d;
    }
    return negative ? v : v == Long.MIN_VALUE ? NOT_A_NUMBER : -v;
  }

  /** {@code T} record: "seconds microseconds" (REC_TYPE_TIME_FORMAT); older files have seconds only. */
  static Instant parseTime(byte[] b, int off, int len) {
    long[] f = numbers(b, off, len, 2);
    if (f.length == 0 || f[0] == NOT_A_NUMBER || f.length > 1 && f[1] == NOT_A_NUMBER) {
      return null;
    }
    long usec = f.length > 1 ? f[1] : 0;
    return Instant.ofEpochSecond(f[0], Math.max(0, Math.min(999_999, usec)) * 1000);
  }

  /**
   * Writes the message as it would be delivered (the content segment: headers and body, one line
   * per {@code N} record with LF line ends), at most {@code max} bytes. For archiving as .eml.
   *
   * @return the bytes written; -1 when the file is broken before the content ends
   */
  public static long writeContent(ByteSource src, OutputStream out, long max) throws IOException {
    Records r = new Records(src);
    boolean content = false;
    long written = 0;
    try {
      while (r.next(Integer.MAX_VALUE)) {
        int t = r.type;
        if (t == 'p') {
          r.jump();
          continue;
        }
        if (!content) {
          if (t == 'M') {
            content = true;
          }
          continue;
        }
        if (t == 'X' || t == 'E') {
          return written;
        }
        if (t == 'N' || t == 'L') {
          int n = r.len + (t == 'N' ? 1 : 0);
          if (written + n > max) {
            throw new IOException("message larger than " + max + " bytes");
          }
          out.write(r.buf, r.off, r.len);
          if (t == 'N') {
            out.write('\n');
          }
          written += n;
        }
      }
    } catch (Broken b) {
      return -1;
    }
    return -1;
  }
}
