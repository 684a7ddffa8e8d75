package dev.spamtrace.blocklist;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the history prints times, for assertions. */
final class BlocklistHistoryTimes {
  private BlocklistHistoryTimes() {}

  static String minute(Instant t) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(t);
  }
}
