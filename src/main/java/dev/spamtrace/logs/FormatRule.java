package dev.spamtrace.logs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One rule file, {@code src/main/resources/rules/logs/<format>.yml}: where a format's files live,
 * how its lines start (the envelope), and the patterns that extract fields, each proven by real
 * sample lines (fail2ban's practice: a pattern with no sample, or a line two patterns claim, fails
 * the build). Patterns extract fields; they never judge.
 *
 * @param format the format's id ({@code postfix}); the file's name
 * @param title what it is, for people
 * @param references where the format is documented or the samples came from
 * @param files server paths (globs in any part) where this format is written; rotated siblings
 *     ({@code .1}, {@code .2.gz}, {@code -20261127}) are found next to each
 * @param envelopes how a line starts before the message the patterns read: {@code syslog},
 *     {@code syslog+ctime}, {@code ctime}, {@code iso}, {@code php}, {@code tai64n}, {@code none}
 * @param programs for syslog envelopes, the tags (program names) this format reads, as a regex
 *     over the whole tag
 * @param patterns the patterns
 * @param unmatched lines of this format that no pattern may claim (noise, and injection attempts)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FormatRule(
    String format,
    String title,
    List<String> references,
    List<String> files,
    List<String> envelopes,
    String programs,
    List<PatternRule> patterns,
    List<Sample> unmatched) {

  public FormatRule {
    references = references == null ? List.of() : List.copyOf(references);
    files = files == null ? List.of() : List.copyOf(files);
    envelopes = envelopes == null ? List.of("none") : List.copyOf(envelopes);
    patterns = patterns == null ? List.of() : List.copyOf(patterns);
    unmatched = unmatched == null ? List.of() : List.copyOf(unmatched);
  }

  /**
   * One pattern: a regular expression over the message (named groups are the fields), or a
   * {@code log-format} (Apache's or ProFTPD's {@code LogFormat} string) over the whole line.
   *
   * @param id unique over all rule files ({@code postfix-pickup})
   * @param event the {@link EventKind} id
   * @param program for syslog envelopes, a narrower tag regex for this pattern
   * @param regex anchored on text the daemon writes, never on text a client chose
   * @param logFormat e.g. {@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"}
   * @param dialect the log-format's dialect: {@code apache} (default) or {@code proftpd}
   * @param timeStyle when the pattern has a {@code time} field: its {@link TimeStyle} (lower case)
   * @param where fields that must match these regexes (whole value) for the pattern to apply
   * @param unless fields that must not match these regexes
   * @param samples real lines with the fields they must give
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record PatternRule(
      String id,
      String event,
      String program,
      String regex,
      String logFormat,
      String dialect,
      String timeStyle,
      Map<String, String> where,
      Map<String, String> unless,
      List<Sample> samples) {
    public PatternRule {
      where = where == null ? Map.of() : Map.copyOf(where);
      unless = unless == null ? Map.of() : Map.copyOf(unless);
      samples = samples == null ? List.of() : List.copyOf(samples);
    }
  }

  /**
   * A real line.
   *
   * @param line verbatim
   * @param from where it was captured or quoted from
   * @param time the instant it must give (ISO-8601), read in UTC against a reference of
   *     2026-12-01T00:00:00Z; null when not checked
   * @param fields the fields it must give (every field the pattern extracts must be listed)
   */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Sample(String line, String from, String time, Map<String, String> fields) {
    public Sample {
      fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
  }
}
