package dev.spamtrace.host.cron;

import dev.spamtrace.host.Numbers;
import java.time.Instant;
import java.util.Optional;

/**
 * An at job file (at(1), atd's spool: {@code /var/spool/cron/atjobs} on Debian,
 * {@code /var/spool/at} on RHEL), pure. atd writes a shell script: {@code # atrun uid=33 gid=33},
 * the saved environment, then the user's commands inside a here-document
 * ({@code ${SHELL:-/bin/sh} << 'marcinDELIMITER…'}). The file name holds the queue letter, the job
 * number (5 hex) and the run time in minutes since the epoch (8 hex).
 */
public final class AtJobParser {
  private AtJobParser() {}

  /** What an at job says. */
  public record AtJob(int uid, Instant runAt, String commands) {}

  public static Optional<AtJob> parse(String fileName, String text) {
    int uid = -1;
    String delimiter = null;
    StringBuilder commands = new StringBuilder();
    boolean inside = false;
    for (String line : text.split("\n", -1)) {
      if (inside) {
        if (line.equals(delimiter)) {
          inside = false;
          continue;
        }
        commands.append(line).append('\n');
      } else if (line.startsWith("# atrun uid=")) {
        String rest = line.substring("# atrun uid=".length());
        int sp = rest.indexOf(' ');
        uid = Numbers.intOr(sp < 0 ? rest : rest.substring(0, sp), -1);
      } else if (line.contains("<< '") && line.endsWith("'")) {
        delimiter = line.substring(line.indexOf("<< '") + 4, line.length() - 1);
        inside = true;
      }
    }
    if (uid < 0) {
      return Optional.empty();
    }
    Instant runAt = null;
    if (fileName.length() == 14) {
      try {
        runAt = Instant.ofEpochSecond(Long.parseLong(fileName.substring(6), 16) * 60);
      } catch (NumberFormatException e) {
        runAt = null;
      }
    }
    return Optional.of(new AtJob(uid, runAt, commands.toString().strip()));
  }
}
