package dev.spamtrace.report;

import static dev.spamtrace.report.ReportHtml.escape;

import dev.spamtrace.correlate.Incident;
import dev.spamtrace.correlate.Incident.Edge;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.correlate.Incident.Step;
import dev.spamtrace.incident.Lang;
import java.util.List;

/**
 * The incidents in the HTML report: the story in order, then every link with its confidence and
 * evidence. Every value is escaped: paths, user names and log lines are the attacker's text.
 */
final class IncidentHtml {
  private IncidentHtml() {}

  static void render(StringBuilder b, List<Incident> incidents, Lang lang) {
    if (incidents.isEmpty()) {
      return;
    }
    boolean ja = lang == Lang.JA;
    for (Incident i : incidents) {
      b.append("<section class=\"incident\" id=\"").append(escape(i.id())).append("\"><h2 class=\"").append(i.severity().id()).append("\">")
          .append(ja ? "何が起きたか" : "What happened").append(": [").append(escape(i.severity().label(lang))).append("] ")
          .append(escape(i.title().in(lang))).append("</h2>\n<p><code>").append(escape(i.id())).append("</code> ")
          .append(escape(i.server())).append("</p>\n<ol>");
      Stage stage = null;
      for (Step s : i.story()) {
        if (s.stage() != stage) {
          if (stage != null) {
            b.append("</ul></li>\n");
          }
          stage = s.stage();
          b.append("<li><b>").append(escape(stage.title().in(lang))).append("</b><ul>");
        }
        b.append("<li>").append(escape(s.text().in(lang)));
        if (!s.evidence().isEmpty()) {
          b.append("<pre>");
          s.evidence().stream().limit(IncidentText.EVIDENCE_PER_STEP).forEach(e -> b.append(escape(e)).append('\n'));
          b.append("</pre>");
        }
        b.append("</li>");
      }
      if (stage != null) {
        b.append("</ul></li>\n");
      }
      b.append("<li><b>").append(ja ? "対応計画 (下記)" : "The plan (below)").append("</b></li></ol>\n");
      b.append("<details><summary>").append(ja ? "関連と証拠" : "Links and their evidence").append(" (").append(i.edges().size())
          .append(")</summary><table>");
      for (Edge e : i.edges()) {
        b.append("<tr><td><code>").append(escape(e.from())).append("</code></td><td>").append(escape(e.relation())).append("</td><td><code>")
            .append(escape(e.to())).append("</code></td><td>").append(escape(e.confidence().label(lang))).append("</td><td>")
            .append(escape(e.text().in(lang)));
        if (!e.evidence().isEmpty()) {
          b.append("<pre>");
          e.evidence().forEach(x -> b.append(escape(x)).append('\n'));
          b.append("</pre>");
        }
        b.append("</td></tr>\n");
      }
      b.append("</table></details></section>\n");
    }
  }
}
