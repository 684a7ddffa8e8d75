package dev.spamtrace.correlate;

import java.util.List;

/**
 * The incidents of one root, published by the correlator through
 * {@code InspectionContext.artifacts()} for the report and for the fleet step across roots.
 */
public record Incidents(List<Incident> incidents) {
  public Incidents {
    incidents = List.copyOf(incidents);
  }
}
