package dev.spamtrace.report;

import dev.spamtrace.correlate.Incident;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.correlate.Incident.Step;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.support.Printable;
import java.util.List;
import java.util.Locale;

/**
 * The incidents as the operator reads them first: the chain told in the field guide's order, one
 * numbered stage after another, with a few evidence lines each (the findings below hold the rest).
 * Every attacker-controlled string goes through {@link Printable}.
 */
final class IncidentText {
  static final int EVIDENCE_PER_STEP = 3;

  private IncidentText() {}

  static void render(StringBuilder b, List<Incident> incidents, boolean severalServers, Lang lang) {
    if (incidents.isEmpty()) {
      return;
    }
    boolean ja = lang == Lang.JA;
    for (Incident i : incidents) {
      b.append(ja ? "何が起きたか: " : "What happened: ").append(i.id()).append(" [").append(i.severity().label(lang).toUpperCase(Locale.ROOT))
          .append("] ").append(Printable.of(i.title().in(lang)));
      if (severalServers || "fleet".equals(i.server())) {
        b.append("  @ ").append(Printable.of(i.server()));
      }
      b.append('\n');
      Stage stage = null;
      int n = 0;
      for (Step s : i.story()) {
        if (s.stage() != stage) {
          stage = s.stage();
          b.append(String.format("%3d. %s%n", ++n, stage.title().in(lang)));
        }
        b.append("     - ").append(Printable.clip(s.text().in(lang), 400)).append('\n');
        int k = 0;
        for (String e : s.evidence()) {
          if (k++ == EVIDENCE_PER_STEP) {
            b.append("         … ").append(s.evidence().size() - EVIDENCE_PER_STEP).append(ja ? " 行 (検出の証拠を参照)\n" : " more (see the findings)\n");
            break;
          }
          b.append("         ").append(Printable.clip(e, 220)).append('\n');
        }
      }
      b.append(String.format(ja ? "%3d. 対応計画 (下記)%n" : "%3d. the plan (at the end)%n", ++n));
      b.append('\n');
    }
  }
}
