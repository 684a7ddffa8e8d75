package dev.spamtrace.correlate;

import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.mailqueue.QueueSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain correlator (phase CORRELATE): links the observers' findings and read models (the
 * queue, the log index, the document roots) into {@link Incident}s, published as
 * {@link Incidents} for the report and the fleet step. What only correlation knows goes into
 * findings too: a POST burst on a file another inspector flagged is restated one step more
 * severe (the logs inspector cannot know it: it runs before the scanners' findings exist), and
 * every file the attacker uploaded that no inspector flagged is scanned here and reported, even
 * when it lies outside the document roots the scanner walks.
 */
public final class Correlator implements Inspector {
  public static final String ID = "correlate";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.CORRELATE;
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    CorrelateSettings s = ctx.config().section(ID, CorrelateSettings.class);
    InspectionResult.Collector out = InspectionResult.collector(ID);
    QueueSnapshots queues = ctx.artifacts().get(QueueSnapshots.class).orElse(new QueueSnapshots(List.of()));
    LogIndex logs = ctx.artifacts().get(LogIndex.class).orElse(new LogIndex(List.of(), List.of(), true));
    Docroots docroots = ctx.artifacts().get(Docroots.class).orElse(new Docroots(List.of()));
    List<Finding> earlier = ctx.earlier();
    ChainBuilder chain = new ChainBuilder(ctx.root(), s, earlier, queues, logs, docroots, ctx.config().users().web());
    ChainGraph graph = chain.build();

    Map<String, Finding> byId = new LinkedHashMap<>();
    earlier.forEach(f -> byId.put(f.id(), f));
    for (Finding f : PostBurstBoost.restate(earlier)) {
      out.finding(f);
      byId.put(f.id(), f);
    }
    if (s.scanUploads()) {
      UploadedFiles check = new UploadedFiles(ctx.root(), s, docroots, ctx.server());
      for (Map.Entry<String, List<dev.spamtrace.logs.LogEvent>> u : chain.unflaggedUploads.entrySet()) {
        UploadedFiles.Outcome o = check.check(u.getKey(), u.getValue());
        if (o.finding() != null) {
          out.finding(o.finding());
          byId.put(o.finding().id(), o.finding());
          graph.finding(ChainBuilder.fileNode(u.getKey()), Incident.NodeKind.FILE, u.getKey(), o.finding());
        } else if (o.gap() != null) {
          out.gap(u.getKey(), o.gap());
        }
      }
    }
    List<Incident> incidents = graph.incidents(byId);
    ctx.artifacts().put(Incidents.class, new Incidents(incidents));
    int links = incidents.stream().mapToInt(i -> i.edges().size()).sum();
    out.covered(Text.of("the chain: %d incident(s), %d links between %d findings", "チェーン: インシデント %d 件、検出 %3$d 件の間の関連 %2$d 本",
        incidents.size(), links, byId.size()), incidents.size());
    if (!logs.complete()) {
      out.gap("logs", Text.of("the log index is incomplete (logs.max-kept-events): some links may be missing",
          "ログの索引が不完全です (logs.max-kept-events): 一部の関連が欠けている可能性があります"));
    }
    return out.build();
  }

  /** Findings of the given kinds. */
  static List<Finding> ofKind(List<Finding> fs, FindingKind k) {
    List<Finding> out = new ArrayList<>();
    fs.forEach(f -> {
      if (f.kind() == k) {
        out.add(f);
      }
    });
    return out;
  }
}
