package dev.spamtrace.logs.detect;

import dev.spamtrace.logs.LogEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Evidence lines: {@code FILE:LINE: the line verbatim}, the first and last of many. */
final class Evidence {
  private Evidence() {}

  static List<String> lines(Collection<LogEvent> events, int max) {
    List<LogEvent> list = new ArrayList<>(events);
    list.sort(dev.spamtrace.logs.LogIndex.BY_TIME);
    List<String> out = new ArrayList<>();
    if (list.size() <= max) {
      list.forEach(e -> out.add(e.evidence()));
      return out;
    }
    int head = max / 2;
    int tail = max - head;
    for (int i = 0; i < head; i++) {
      out.add(list.get(i).evidence());
    }
    out.add("… " + (list.size() - max) + " more lines …");
    for (int i = list.size() - tail; i < list.size(); i++) {
      out.add(list.get(i).evidence());
    }
    return out;
  }

  static String time(java.time.Instant t) {
    return t == null ? "?" : t.toString();
  }
}
