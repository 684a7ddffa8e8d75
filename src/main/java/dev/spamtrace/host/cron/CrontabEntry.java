package dev.spamtrace.host.cron;

/**
 * One scheduled command, wherever it was found: a crontab line, a periodic script, a systemd
 * timer or an at job. Keeps the user, the file and the line (osquery's crontab table lost the
 * user; anti-pattern A10).
 *
 * @param source what kind of place it came from
 * @param file the file as the server sees it
 * @param line the line number in that file (1-based; 0 for a whole file: a periodic script, a timer, an at job)
 * @param user who it runs as
 * @param schedule the schedule as written ({@code *}{@code /10 * * * *}, {@code @hourly}, {@code OnUnitActiveSec=5min})
 * @param command the command as written
 * @param text the line exactly as it is in the file (what a removal must find again)
 * @param every how often it runs, when that is regular and known
 */
public record CrontabEntry(Source source, String file, int line, String user, String schedule, String command, String text,
    CronSchedule every) {

  /** Where an entry comes from. */
  public enum Source {
    /** {@code /etc/crontab}, {@code /etc/cron.d/*}: lines carry a user field. */
    SYSTEM_CRONTAB,
    /** A per-user spool file ({@code crontab -e}), named after its user. */
    USER_CRONTAB,
    /** A script in {@code /etc/cron.hourly|daily|weekly|monthly}. */
    PERIODIC_SCRIPT,
    /** A systemd {@code .timer} with its service. */
    SYSTEMD_TIMER,
    /** An at job. */
    AT_JOB
  }

  /** {@code cron:FILE:LINE}, the finding subject. */
  public String subject() {
    return "cron:" + file + ":" + line;
  }
}
