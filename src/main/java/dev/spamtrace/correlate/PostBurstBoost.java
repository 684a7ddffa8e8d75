package dev.spamtrace.correlate;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logs inspector raises a POST burst one step when another inspector flagged the script, but
 * it runs among the observers and cannot see their findings. Here, after them, a burst on a
 * flagged file is restated with that reason and one step more severe; the restatement has the
 * same id and replaces the original in the investigation's findings. A burst none of whose POSTs
 * was answered with success stays as it was (the script may already be gone).
 */
final class PostBurstBoost {
  static final String REASON_EN = "another inspector flagged this file";

  private PostBurstBoost() {}

  static List<Finding> restate(List<Finding> findings) {
    List<Finding> out = new ArrayList<>();
    for (Finding pb : findings) {
      if (pb.kind() != FindingKind.POST_BURST || !(pb.evidence().get("path") instanceof String path)
          || pb.reasons().stream().anyMatch(r -> r.en().startsWith(REASON_EN)) || !answered(pb)) {
        continue;
      }
      List<String> by = new ArrayList<>();
      List<String> what = new ArrayList<>();
      for (Finding f : findings) {
        if ((f.kind() == FindingKind.MALICIOUS_FILE || f.kind() == FindingKind.SUSPICIOUS_FILE) && path.equals(f.evidence().get("path"))) {
          by.add(f.id());
          what.add(f.kind().id() + " (" + f.source() + ")");
        }
      }
      if (by.isEmpty()) {
        continue;
      }
      Finding.Builder b = Finding.builder(pb.kind(), pb.subject()).server(pb.server()).severity(pb.severity().raise(1)).summary(pb.summary())
          .reasons(pb.reasons())
          .reason(Text.of(REASON_EN + ": %s", "他の検査でこのファイルが検出されている: %s", String.join(", ", what)))
          .source(pb.source());
      pb.evidence().forEach(b::evidence);
      b.evidence("flagged-by", by);
      out.add(b.build());
    }
    return out;
  }

  private static boolean answered(Finding pb) {
    if (pb.evidence().get("statuses") instanceof Map<?, ?> m) {
      return m.keySet().stream().anyMatch(k -> String.valueOf(k).startsWith("2"));
    }
    return true;
  }
}
