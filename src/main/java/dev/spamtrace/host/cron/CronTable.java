package dev.spamtrace.host.cron;

import java.util.List;

/**
 * Every scheduled command found under a root, and what could not be read.
 *
 * @param entries the entries, in the order of the places read
 * @param filesRead how many files were read
 * @param problems what could not be read or understood: source and reason
 */
public record CronTable(List<CrontabEntry> entries, int filesRead, List<Problem> problems) {
  /** Something not read or not understood; reported as a gap, never fatal. */
  public record Problem(String source, String reason) {}

  public CronTable {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }
}
