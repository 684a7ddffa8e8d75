package dev.spamtrace.response.quarantine;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plans a quarantine for every file a finding names with high confidence: {@code malicious-file}
 * and {@code tmp-payload}. {@code suspicious-file} findings are for a person to review and are
 * never quarantined by the plan. The finding's evidence gives {@code path}, and when known
 * {@code domain} and {@code docroot-path} (the path inside the document root) for the name.
 */
public final class QuarantinePlanner implements Planner {
  private static final Set<FindingKind> KINDS = Set.of(FindingKind.MALICIOUS_FILE, FindingKind.TMP_PAYLOAD);

  @Override
  public int order() {
    return Order.QUARANTINE;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    List<Action> out = new ArrayList<>();
    for (Finding f : findings) {
      if (!KINDS.contains(f.kind())) {
        continue;
      }
      Object path = f.evidence().getOrDefault("path", f.subject());
      if (!(path instanceof String p) || !p.startsWith("/")) {
        continue;
      }
      // A payload in /tmp has no domain: its whole path names it (tmp_.x_run.sh).
      String domain = str(f.evidence().get("domain"));
      String rel = str(f.evidence().get("docroot-path"));
      List<String> reasons = f.reasons().stream().map(t -> t.en()).toList();
      out.add(new QuarantineFile(p, domain, rel, reasons, List.of(f.id())));
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
