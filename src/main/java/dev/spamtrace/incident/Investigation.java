package dev.spamtrace.incident;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every inspector over a root: observers first, then correlators that read their findings.
 * One failing inspector becomes a gap in the result; the run goes on.
 */
public final class Investigation {
  private static final Logger log = LoggerFactory.getLogger(Investigation.class);

  private final List<Inspector> inspectors;

  public Investigation(List<Inspector> inspectors) {
    this.inspectors = List.copyOf(inspectors);
  }

  /** Every inspector registered in {@code META-INF/services}. */
  public static Investigation allInspectors() {
    List<Inspector> list = new ArrayList<>();
    ServiceLoader.load(Inspector.class).forEach(list::add);
    list.sort(Comparator.comparing(Inspector::id));
    return new Investigation(list);
  }

  public List<Inspector> inspectors() {
    return inspectors;
  }

  /** The outcome of one root. */
  public record Outcome(HostRoot root, Instant started, Instant finished, List<InspectionResult> results, Artifacts artifacts) {
    /**
     * Every finding, most severe first. A correlator may restate an observer's finding with what
     * only correlation knows (same kind, server and subject, hence the same id): the later
     * statement replaces the earlier.
     */
    public List<Finding> findings() {
      java.util.Map<String, Finding> byId = new java.util.LinkedHashMap<>();
      results.forEach(r -> r.findings().forEach(f -> byId.put(f.id(), f)));
      List<Finding> all = new ArrayList<>(byId.values());
      all.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::kind).thenComparing(Finding::subject));
      return all;
    }

    public List<Gap> gaps() {
      List<Gap> all = new ArrayList<>();
      results.forEach(r -> all.addAll(r.gaps()));
      return all;
    }
  }

  public Outcome run(HostRoot root, Config config, Clock clock, InspectionContext.Options options) {
    Instant started = clock.instant();
    Artifacts artifacts = new Artifacts();
    List<InspectionResult> results = new ArrayList<>();
    for (Inspector.Phase phase : Inspector.Phase.values()) {
      List<Finding> earlier = new ArrayList<>();
      results.forEach(r -> earlier.addAll(r.findings()));
      for (Inspector i : inspectors) {
        if (i.phase() != phase) {
          continue;
        }
        InspectionContext ctx = new InspectionContext(root, config, clock, options, artifacts, List.copyOf(earlier));
        results.add(runOne(i, ctx));
      }
    }
    return new Outcome(root, started, clock.instant(), results, artifacts);
  }

  private static InspectionResult runOne(Inspector i, InspectionContext ctx) {
    try {
      InspectionResult r = i.inspect(ctx);
      if (r == null) {
        throw new IllegalStateException("inspector returned nothing");
      }
      return r;
    } catch (RuntimeException | StackOverflowError e) {
      log.warn("inspector {} failed on {}", i.id(), ctx.root(), e);
      return InspectionResult.collector(i.id())
          .gap(ctx.root().label(), Text.of("inspector failed: %s", "検査に失敗しました: %s", String.valueOf(e)))
          .build();
    }
  }
}
