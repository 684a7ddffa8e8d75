package dev.spamtrace.mailqueue.postfix;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message's file under {@code defer/}: why each recipient was deferred. Written by Postfix's
 * bounce(8) daemon as attribute lists ({@code name=value}, one per line, a blank line between
 * recipients: {@code recipient=}, {@code offset=}, {@code status=}, {@code action=},
 * {@code reason=}), sometimes after a human-readable line, which is ignored.
 */
public final class PostfixDeferLog {
  private PostfixDeferLog() {}

  /**
   * Like {@link #reasons(String)}, from the file's bytes: only the recipient and reason values
   * become strings (once per deferred message).
   */
  public static Map<String, String> reasons(byte[] b, int length) {
    Map<String, String> out = new LinkedHashMap<>(4);
    String recipient = null;
    String reason = null;
    int pos = 0;
    while (pos <= length) {
      int nl = pos;
      while (nl < length && b[nl] != '\n') {
        nl++;
      }
      if (nl == pos) {
        if (recipient != null && reason != null) {
          out.put(recipient, reason);
        }
        recipient = null;
        reason = null;
      } else if (startsWith(b, pos, nl, RECIPIENT)) {
        recipient = new String(b, pos + RECIPIENT.length, nl - pos - RECIPIENT.length, java.nio.charset.StandardCharsets.UTF_8);
      } else if (startsWith(b, pos, nl, REASON)) {
        reason = new String(b, pos + REASON.length, nl - pos - REASON.length, java.nio.charset.StandardCharsets.UTF_8);
      }
      pos = nl + 1;
    }
    if (recipient != null && reason != null) {
      out.put(recipient, reason);
    }
    return out;
  }

  private static final byte[] RECIPIENT = "recipient=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] REASON = "reason=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Recipient address → the last reason given for it. */
  public static Map<String, String> reasons(String text) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return reasons(b, b.length);
  }

}
