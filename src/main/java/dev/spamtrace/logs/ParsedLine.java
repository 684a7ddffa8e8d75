package dev.spamtrace.logs;

import java.time.Instant;
import java.util.Map;

/**
 * A recognised line before it becomes a {@link LogEvent}: offsets only, so that the billions of
 * lines nobody keeps cost no field strings. Valid until the parser parses the next line.
 */
public final class ParsedLine {
  String line;
  CompiledPattern pattern;
  int[] off = new int[64];
  final Envelope.Match envelope = new Envelope.Match();
  int envTimeStart;
  int envTimeEnd;
  TimeStyle envTimeStyle;
  String tag;
  String pid;

  ParsedLine() {}

  public EventKind kind() {
    return pattern.kind;
  }

  public String format() {
    return pattern.format.format();
  }

  public String patternId() {
    return pattern.id;
  }

  public String text() {
    return line;
  }

  /** A field's value, or null. */
  public String field(String name) {
    int i = pattern.fields.indexOf(name);
    if (i < 0 || off[2 * i] < 0) {
      if ("pid".equals(name)) {
        return pid;
      }
      if ("program".equals(name)) {
        return tag;
      }
      return null;
    }
    return line.substring(off[2 * i], off[2 * i + 1]);
  }

  /** True when a field equals {@code value}, without making a string. */
  public boolean fieldIs(String name, String value) {
    int i = pattern.fields.indexOf(name);
    if (i < 0 || off[2 * i] < 0) {
      return false;
    }
    int len = off[2 * i + 1] - off[2 * i];
    return len == value.length() && line.regionMatches(off[2 * i], value, 0, len);
  }

  /** The time: the pattern's own time field, else the envelope's; null when unreadable or absent. */
  public Instant time(TimeContext ctx) {
    if (pattern.timeField >= 0 && off[2 * pattern.timeField] >= 0) {
      return pattern.timeStyle.parse(line, off[2 * pattern.timeField], off[2 * pattern.timeField + 1], ctx);
    }
    if (envTimeStyle != null) {
      return envTimeStyle.parse(line, envTimeStart, envTimeEnd, ctx);
    }
    return null;
  }

  /** The fields: the envelope's program and pid (when the pattern has none), then the pattern's. */
  public Map<String, String> fields() {
    int n = pattern.fields.size() + 2;
    String[] k = new String[n];
    String[] v = new String[n];
    int c = 0;
    if (tag != null && !pattern.fields.contains("program")) {
      k[c] = "program";
      v[c++] = tag;
    }
    int pidField = pattern.fields.indexOf("pid");
    if (pid != null && (pidField < 0 || off[2 * pidField] < 0)) {
      k[c] = "pid";
      v[c++] = pid;
    }
    for (int i = 0; i < pattern.fields.size(); i++) {
      String name = pattern.fields.get(i);
      if (off[2 * i] >= 0 && i != pattern.timeField) {
        k[c] = name;
        v[c++] = line.substring(off[2 * i], off[2 * i + 1]);
      }
    }
    return new FieldMap(java.util.Arrays.copyOf(k, c), java.util.Arrays.copyOf(v, c));
  }

  public LogEvent toEvent(String source, long lineNo, TimeContext ctx) {
    return new LogEvent(time(ctx), source, lineNo, format(), pattern.id, pattern.kind, fields(), line);
  }
}
