package dev.spamtrace.incident;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What an inspector is given: the root, the configuration, the clock, the options of this run,
 * the read models earlier inspectors published and (for correlators) their findings.
 */
public record InspectionContext(
    HostRoot root, Config config, Clock clock, Options options, Artifacts artifacts, List<Finding> earlier) {

  /**
   * Options of one run.
   *
   * @param samples how many looks to take at changing state (processes), at least 1
   * @param interval the time between looks
   */
  public record Options(int samples, Duration interval) {
    public static Options once() {
      return new Options(1, Duration.ZERO);
    }
  }

  /** The name reports give the root. */
  public String server() {
    return root.label();
  }
}
