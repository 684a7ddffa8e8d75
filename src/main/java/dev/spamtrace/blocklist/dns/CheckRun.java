package dev.spamtrace.blocklist.dns;

import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import java.time.Instant;
import java.util.List;

/**
 * One run of checks: every subject on every zone, each zone's health, and what it cost.
 *
 * @param resolver the resolver the queries went to
 * @param queries DNS queries sent, health checks and retries included
 */
public record CheckRun(Instant started, Instant finished, String resolver, List<ZoneHealth> health, List<Check> checks, long queries) {
  public CheckRun {
    health = List.copyOf(health);
    checks = List.copyOf(checks);
  }

  /**
   * One subject on one zone.
   *
   * @param query the name that was asked
   * @param ttl the answer's TTL in seconds (how long receivers may still see it), -1 when none
   */
  public record Check(Subject subject, Zone zone, String query, Outcome outcome, long ttl) {
    public boolean listed() {
      return outcome instanceof Outcome.Listed;
    }

    public boolean unknown() {
      return outcome instanceof Outcome.Unknown u && u.reason() != Outcome.Reason.NOT_COVERED;
    }
  }

  public List<Check> listed() {
    return checks.stream().filter(Check::listed).toList();
  }

  public List<Check> unknown() {
    return checks.stream().filter(Check::unknown).toList();
  }

  public ZoneHealth healthOf(String zone) {
    return health.stream().filter(h -> h.zone().equals(zone)).findFirst().orElse(null);
  }
}
