package dev.spamtrace.logs;

import java.util.Map;
import java.util.TreeMap;

/**
 * Lines counted by outcome: recognised and unrecognised per format (an unrecognised line counts
 * for the format whose envelope it had), malformed in total. What {@code logs parse --stats}
 * prints, and what measures parser coverage on a server's real logs.
 */
public final class LogStats {
  /** Counts for one format. */
  public static final class Counts {
    long recognised;
    long unrecognised;

    public long recognised() {
      return recognised;
    }

    public long unrecognised() {
      return unrecognised;
    }
  }

  /** The name unrecognised lines that no format's envelope claimed are counted under. */
  public static final String UNKNOWN = "(unknown)";

  private final Map<String, Counts> byFormat = new TreeMap<>();
  private long recognised;
  private long unrecognised;
  private long malformed;

  private String lastFormat;
  private Counts lastCounts;

  void recognised(String format) {
    recognised++;
    if (format != lastFormat) { // formats are the rule files' own strings: identity is enough
      lastCounts = byFormat.computeIfAbsent(format, k -> new Counts());
      lastFormat = format;
    }
    lastCounts.recognised++;
  }

  void unrecognised(String format) {
    unrecognised++;
    byFormat.computeIfAbsent(format == null ? UNKNOWN : format, k -> new Counts()).unrecognised++;
  }

  void countMalformed() {
    malformed++;
  }

  public synchronized void add(LogStats o) {
    recognised += o.recognised;
    unrecognised += o.unrecognised;
    malformed += o.malformed;
    o.byFormat.forEach((k, v) -> {
      Counts c = byFormat.computeIfAbsent(k, x -> new Counts());
      c.recognised += v.recognised;
      c.unrecognised += v.unrecognised;
    });
  }

  public Map<String, Counts> byFormat() {
    return byFormat;
  }

  public long recognised() {
    return recognised;
  }

  public long unrecognised() {
    return unrecognised;
  }

  public long malformed() {
    return malformed;
  }

  public long lines() {
    return recognised + unrecognised + malformed;
  }

  /** The lines {@code logs parse --stats} ends with; the last is exactly {@code total: recognised=N unrecognised=N malformed=N}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    byFormat.forEach((k, v) -> b.append(k).append(": recognised=").append(v.recognised).append(" unrecognised=").append(v.unrecognised).append('\n'));
    b.append("total: recognised=").append(recognised).append(" unrecognised=").append(unrecognised).append(" malformed=").append(malformed).append('\n');
    return b.toString();
  }
}
