package dev.spamtrace.filescan.php;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing text of one byte per char: what the folder writes. Source tokens are copied as bytes
 * (no string made for them) and the result becomes a string with one copy. A folded value can
 * hold a char above 255 ({@code strtoupper('ÿ')}, the {@code …} of an elided chain); from the
 * first such char on the text is kept in a StringBuilder instead, so it reads exactly as written.
 */
final class Latin1Text {
  private byte[] b;
  private int n;
  private StringBuilder wide;

  Latin1Text(int capacity) {
    b = new byte[Math.max(64, capacity)];
  }

  private void room(int more) {
    if (n + more > b.length) {
      b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
    }
  }

  void append(char c) {
    if (wide != null || c > 0xff) {
      widen().append(c);
      return;
    }
    room(1);
    b[n++] = (byte) c;
  }

  /** Appends any string. */
  void append(String s) {
    if (wide == null) {
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) > 0xff) {
          widen();
          break;
        }
      }
    }
    if (wide != null) {
      wide.append(s);
    } else {
      appendLatin1(s);
    }
  }

  /** Appends a string made from source bytes (names, operators): every char is below 256. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the copy without an allocation, exact for such chars
  void appendLatin1(String s) {
    if (wide != null) {
      wide.append(s);
      return;
    }
    int len = s.length();
    room(len);
    if (len <= 8) {
      // Most words are short: a loop costs less than the copy's bounds checks and stub call.
      for (int k = 0; k < len; k++) {
        b[n + k] = (byte) s.charAt(k);
      }
    } else {
      s.getBytes(0, len, b, n);
    }
    n += len;
  }

  void append(byte[] src, int from, int to) {
    if (wide != null) {
      wide.append(new String(src, from, to - from, StandardCharsets.ISO_8859_1));
      return;
    }
    int len = to - from;
    room(len);
    if (len <= 16) {
      // Names and short literals: a loop costs less than the copy's call.
      for (int k = 0; k < len; k++) {
        b[n + k] = src[from + k];
      }
    } else {
      System.arraycopy(src, from, b, n, len);
    }
    n += len;
  }

  private StringBuilder widen() {
    if (wide == null) {
      wide = new StringBuilder(n + 64).append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
      b = null;
    }
    return wide;
  }

  boolean isEmpty() {
    return wide != null ? wide.isEmpty() : n == 0;
  }

  /** The last char written; the text must not be empty. */
  char last() {
    return wide != null ? wide.charAt(wide.length() - 1) : (char) (b[n - 1] & 0xff);
  }

  @Override
  public String toString() {
    return wide != null ? wide.toString() : new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }
}
