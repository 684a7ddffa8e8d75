package dev.spamtrace.logs;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One recognised log line: when, where it was read, what it records, its fields, and the line
 * itself, verbatim, to quote as evidence. Fields are extracted, never judged.
 *
 * @param time when it happened, or null when the line carries no usable time
 * @param source the file as the server sees it ({@code /var/log/xferlog}), or the name given to
 *     {@code logs parse}
 * @param line 1-based line number in that file (after decompression)
 * @param format the rule file that recognised it ({@code postfix})
 * @param pattern the pattern within it ({@code postfix-pickup})
 * @param kind what it records
 * @param fields named fields in the pattern's order (address, user, path, …; see docs/logs.md)
 * @param text the line as written (decoded as UTF-8), for evidence; print through
 *     {@code Printable} or an HTML escape, never raw
 */
public record LogEvent(
    Instant time, String source, long line, String format, String pattern, EventKind kind, Map<String, String> fields, String text) {

  public LogEvent {
    Objects.requireNonNull(kind, "kind");
    fields = FieldMap.copyOf(fields);
  }

  /** A field, or null. */
  public String field(String name) {
    return fields.get(name);
  }

  /** The client address (web client, FTP client, SMTP client), or null. */
  public String address() {
    return fields.get("address");
  }

  /** The account or login name, or null. */
  public String user() {
    return fields.get("user");
  }

  /** The path (URL path for web requests, file path for FTP), or null. */
  public String path() {
    return fields.get("path");
  }

  /** Where it was read, as evidence: {@code /var/log/xferlog:12}. */
  public String where() {
    return source + ":" + line;
  }

  /** The evidence line: {@code /var/log/xferlog:12: <the line verbatim>}. */
  public String evidence() {
    return where() + ": " + text;
  }

  /** The same event read at another line number (chunked reading fixes line numbers up). */
  public LogEvent atLine(long n) {
    return new LogEvent(time, source, n, format, pattern, kind, fields, text);
  }
}
