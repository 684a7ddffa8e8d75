package dev.spamtrace.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * What one inspector found, what it covered and what it could not tell.
 *
 * @param applicable false when the source does not exist on this root (no Exim spool, say)
 */
public record InspectionResult(
    String inspector, boolean applicable, List<Finding> findings, List<Coverage> covered, List<Gap> gaps) {

  public InspectionResult {
    findings = List.copyOf(findings);
    covered = List.copyOf(covered);
    gaps = List.copyOf(gaps);
  }

  public static InspectionResult notApplicable(String inspector, Text why) {
    return new InspectionResult(inspector, false, List.of(), List.of(new Coverage(inspector, why, -1)), List.of());
  }

  public static Collector collector(String inspector) {
    return new Collector(inspector);
  }

  /** Accumulates a result while an inspector works. */
  public static final class Collector {
    private final String inspector;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Coverage> covered = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();

    private Collector(String inspector) {
      this.inspector = inspector;
    }

    public Collector finding(Finding f) {
      findings.add(f);
      return this;
    }

    public Collector covered(Text what, long count) {
      covered.add(new Coverage(inspector, what, count));
      return this;
    }

    public Collector gap(String source, Text reason) {
      gaps.add(new Gap(inspector, source, reason));
      return this;
    }

    public List<Finding> findings() {
      return findings;
    }

    public InspectionResult build() {
      return new InspectionResult(inspector, true, findings, covered, gaps);
    }
  }
}
