package dev.spamtrace.logs;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What a time stamp without a year or a zone is read against: the server's zone, and a reference
 * instant (the file's modification time, or now) that no line of the file can be later than.
 *
 * @param zone the zone local stamps were written in (syslog, xferlog, vsftpd, Exim)
 * @param reference a syslog stamp {@code Dec 31 23:59:59} is placed in the latest year that does
 *     not put it after this instant (plus a day of slack for clock skew), so a file written across
 *     the new year reads December before January
 */
public record TimeContext(ZoneId zone, Instant reference) {
  public static TimeContext utcNow() {
    return new TimeContext(ZoneId.of("UTC"), Instant.now());
  }
}
