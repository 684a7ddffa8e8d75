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
        return envelope.pid(line);
      }
      if ("program".equals(name)) {
        return envelope.tag(line);
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
    int[] o = new int[2 * n];
    int c = 0;
    if (envelope.tagStart >= 0 && !pattern.fields.contains("program")) {
      k[c] = "program";
      o[2 * c] = envelope.tagStart;
      o[2 * c++ + 1] = envelope.tagEnd;
    }
    int pidField = pattern.fields.indexOf("pid");
    if (envelope.pidStart >= 0 && (pidField < 0 || off[2 * pidField] < 0)) {
      k[c] = "pid";
      o[2 * c] = envelope.pidStart;
      o[2 * c++ + 1] = envelope.pidEnd;
    }
    for (int i = 0; i < pattern.fields.size(); i++) {
      if (off[2 * i] >= 0 && i != pattern.timeField) {
        k[c] = pattern.fields.get(i);
        o[2 * c] = off[2 * i];
        o[2 * c++ + 1] = off[2 * i + 1];
      }
    }
    return new FieldMap(java.util.Arrays.copyOf(k, c), line, java.util.Arrays.copyOf(o, 2 * c));
  }

  public LogEvent toEvent(String source, long lineNo, TimeContext ctx) {
    return new LogEvent(time(ctx), source, lineNo, format(), pattern.id, pattern.kind, fields(), line);
  }
}
