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

  /** Recipient address → the last reason given for it. */
  public static Map<String, String> reasons(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    String recipient = null;
    String reason = null;
    int pos = 0;
    while (pos <= text.length()) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        nl = text.length();
      }
      // Only the two attributes we need become strings.
      boolean isRecipient = text.startsWith("recipient=", pos);
      boolean isReason = text.startsWith("reason=", pos);
      String line = nl == pos ? "" : isRecipient || isReason ? text.substring(pos, nl) : "-";
      pos = nl + 1;
      if (line.isEmpty()) {
        if (recipient != null && reason != null) {
          out.put(recipient, reason);
        }
        recipient = null;
        reason = null;
        continue;
      }
      if (line.startsWith("recipient=")) {
        recipient = line.substring("recipient=".length());
      } else if (line.startsWith("reason=")) {
        reason = line.substring("reason=".length());
      }
    }
    if (recipient != null && reason != null) {
      out.put(recipient, reason);
    }
    return out;
  }
}
