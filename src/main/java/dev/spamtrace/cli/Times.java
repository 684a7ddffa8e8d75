package dev.spamtrace.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Times given on the command line: ISO instants ({@code 2026-11-27T21:00:00Z}), offsets, or UTC dates and times. */
final class Times {
  private Times() {}

  static Instant parse(String s, CommandLine cmd) {
    String t = s.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ParameterException(cmd, "not a time: " + s + " (e.g. 2026-11-27T21:00Z, 2026-11-27 21:00 (UTC), or 2026-11-27)");
    }
  }
}
