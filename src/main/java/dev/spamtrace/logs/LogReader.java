package dev.spamtrace.logs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines and hands each to a {@link LineParser}. Hostile input never
 * stops it: a line that is not valid UTF-8, holds a control character, or is longer than the
 * limit is counted as malformed and reading goes on with the next line.
 */
public final class LogReader {
  /** What the reader reports, line by line. Line numbers are 1-based. */
  public interface Sink {
    void recognised(ParsedLine line, long lineNo);

    default void unrecognised(String line, long lineNo, String format) {}

    default void malformed(long lineNo, String why) {}
  }

  private final LineParser parser;
  private final int maxLineBytes;
  private final LogStats stats;

  public LogReader(LineParser parser, int maxLineBytes, LogStats stats) {
    this.parser = parser;
    this.maxLineBytes = Math.max(256, Math.min(maxLineBytes, (1 << 20) - 1));
    this.stats = stats;
  }

  public LogStats stats() {
    return stats;
  }

  /** Reads the stream to its end (the caller closes it). */
  public void read(InputStream in, Sink sink) throws IOException {
    byte[] buf = new byte[1 << 20];
    int len = 0;
    long lineNo = 0;
    boolean skipping = false; // inside an over-long line, until its newline
    while (true) {
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        break;
      }
      len += n;
      int start = 0;
      for (int i = indexOf(buf, start, len); i >= 0; i = indexOf(buf, start, len)) {
        lineNo++;
        if (skipping) {
          skipping = false;
          malformed(sink, lineNo, "line longer than " + maxLineBytes + " bytes");
        } else {
          line(buf, start, i, lineNo, sink);
        }
        start = i + 1;
      }
      int rest = len - start;
      if (rest >= maxLineBytes || skipping) {
        skipping = true;
        len = 0;
      } else {
        System.arraycopy(buf, start, buf, 0, rest);
        len = rest;
      }
    }
    if (skipping) {
      malformed(sink, ++lineNo, "line longer than " + maxLineBytes + " bytes");
    } else if (len > 0) {
      line(buf, 0, len, ++lineNo, sink);
    }
  }

  private static int indexOf(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void line(byte[] b, int start, int end, long lineNo, Sink sink) {
    if (end > start && b[end - 1] == '\r') {
      end--;
    }
    if (end == start) {
      return; // blank lines are neither events nor damage
    }
    if (end - start > maxLineBytes) {
      malformed(sink, lineNo, "line longer than " + maxLineBytes + " bytes");
      return;
    }
    // One pass over the bytes: plain ASCII (the common case) is copied as is; a control byte
    // makes the line malformed without decoding it; anything else is decoded and checked.
    boolean ascii = true;
    for (int i = start; i < end; i++) {
      int c = b[i];
      if (c < 0x20 || c == 0x7f) { // negative bytes (>= 0x80) are below 0x20 as signed values
        if (c >= 0) {
          if (c != '\t' && c != 0x7f) {
            malformed(sink, lineNo, "control characters");
            return;
          }
          if (c == 0x7f) {
            malformed(sink, lineNo, "control characters");
            return;
          }
        } else {
          ascii = false;
        }
      }
    }
    String s;
    if (ascii) {
      s = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    } else {
      s = new String(b, start, end - start, StandardCharsets.UTF_8);
      if (s.indexOf('\uFFFD') >= 0 && !validUtf8(b, start, end)) {
        malformed(sink, lineNo, "not valid UTF-8");
        return;
      }
    }
    switch (ascii ? parser.parsePrintable(s) : parser.parse(s)) {
      case RECOGNISED -> {
        stats.recognised(parser.parsed().format());
        sink.recognised(parser.parsed(), lineNo);
      }
      case UNRECOGNISED -> {
        stats.unrecognised(parser.unrecognisedFormat());
        sink.unrecognised(s, lineNo, parser.unrecognisedFormat());
      }
      case MALFORMED -> malformed(sink, lineNo, "control characters");
    }
  }

  private void malformed(Sink sink, long lineNo, String why) {
    stats.countMalformed();
    sink.malformed(lineNo, why);
  }

  static boolean validUtf8(byte[] b, int start, int end) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, start, end - start));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
