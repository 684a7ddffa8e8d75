package dev.spamtrace.blocklist.zones;

import dev.spamtrace.incident.Text;
import java.util.Locale;

/**
 * Whether a list can be trusted right now, from its RFC 5782 test entries ({@code 127.0.0.2} must be
 * listed, {@code 127.0.0.1} must not). A list that answers everything (SpamCop's lapsed domain in
 * 2021, AHBL since 2015) or nothing (SORBS emptied in 2024, a resolver hiding Spamhaus) is
 * unreliable: its answers become "could not tell", never listings.
 */
public record ZoneHealth(String zone, State state, Text detail) {
  public enum State {
    HEALTHY, LISTS_EVERYTHING, LISTS_NOTHING, BLOCKED, UNKNOWN;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public boolean healthy() {
    return state == State.HEALTHY;
  }

  /** The outcome as far as this health allows: unchanged when healthy, otherwise could-not-tell. */
  public Outcome apply(Outcome o) {
    if (state == State.HEALTHY || o instanceof Outcome.Unknown) {
      return o;
    }
    Outcome.Reason r = switch (state) {
      case LISTS_EVERYTHING -> Outcome.Reason.ZONE_LISTS_EVERYTHING;
      case LISTS_NOTHING -> Outcome.Reason.ZONE_LISTS_NOTHING;
      case BLOCKED -> Outcome.Reason.ZONE_BLOCKED;
      default -> Outcome.Reason.ZONE_HEALTH_UNKNOWN;
    };
    String was = o instanceof Outcome.Listed l ? "answered " + l.codes() : "answered not listed";
    return new Outcome.Unknown(r, was + "; " + detail.en());
  }
}
