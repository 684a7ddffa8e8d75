package dev.spamtrace.incident;

/**
 * A reader that looks at one kind of source under a root and reports findings. Inspectors only
 * observe; they never change the system (the build checks that none imports {@code response}).
 *
 * <p>Inspectors are listed in {@code META-INF/services/dev.spamtrace.incident.Inspector}; every
 * capability plugs into {@code spamtrace investigate} by adding one there.
 */
public interface Inspector {
  /** A short stable id, e.g. {@code mailqueue}. */
  String id();

  /** When it runs: observers first, then correlators that read the observers' findings. */
  default Phase phase() {
    return Phase.OBSERVE;
  }

  /**
   * Looks at the root. Must not throw for bad input: unreadable or broken sources become gaps in
   * the result. An exception is still caught by the investigation and reported as a gap.
   */
  InspectionResult inspect(InspectionContext ctx);

  enum Phase {
    OBSERVE,
    CORRELATE
  }
}
