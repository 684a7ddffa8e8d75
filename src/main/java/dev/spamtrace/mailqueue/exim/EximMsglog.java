package dev.spamtrace.mailqueue.exim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's log under {@code msglog/} (one per queued message, removed with it): each delivery
 * attempt as {@code DATE TIME ADDRESS R=router T=transport defer (ERRNO): REASON}, written by the
 * real Exim 4.96 as in the fixtures. The last reason given for each address wins.
 */
public final class EximMsglog {
  private EximMsglog() {}

  // Anchored on what Exim writes: a timestamp, an optional [pid], the address (optionally
  // "<original>" after it), then the router/transport and "defer (n): reason".
  private static final Pattern DEFER = Pattern.compile(
      "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [+-]\\d{4})?(?: \\[\\d+\\])? (?:== )?(\\S+)(?: <[^>]*>)?(?: [RT]=\\S+)* defer \\((-?\\d+)\\): (.*)$");

  /** Address → the last delay reason; errno-only deferrals read "defer (errno)". */
  public static Map<String, String> reasons(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.length() > 4096) {
        continue;
      }
      Matcher m = DEFER.matcher(line);
      if (m.matches()) {
        String reason = m.group(3).strip();
        out.put(m.group(1), reason.isEmpty() ? "defer (" + m.group(2) + ")" : reason);
      }
    }
    return out;
  }
}
