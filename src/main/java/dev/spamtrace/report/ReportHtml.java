package dev.spamtrace.report;

import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.PlanStep;
import dev.spamtrace.incident.Text;
import java.util.Collection;
import java.util.Map;

/**
 * A self-contained HTML report to hand over. No scripts; every value is escaped, because file
 * names, headers and log fields are the attacker's text.
 */
public final class ReportHtml {
  private ReportHtml() {}

  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  public static String render(Report r, Lang lang) {
    boolean ja = lang == Lang.JA;
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"").append(lang.code()).append("\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<title>spamtrace</title><style>")
        .append("body{font-family:sans-serif;margin:2em;max-width:70em}td,th{vertical-align:top;text-align:left;padding:.2em .6em}")
        .append(".critical,.high{color:#a00}.medium{color:#a60}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5em}")
        .append("code{word-break:break-all}</style></head><body>\n");
    b.append("<h1>").append(ja ? "spamtrace 調査レポート" : "spamtrace investigation").append("</h1>\n<p>")
        .append(escape(String.valueOf(r.generatedAt()))).append("</p>\n<ul>");
    for (Report.Server s : r.servers()) {
      b.append("<li>").append(escape(s.name())).append(" — <code>").append(escape(s.root())).append("</code> ")
          .append(escape(String.join(", ", s.addresses()))).append(s.container().isEmpty() ? "" : " CT " + escape(s.container()))
          .append("</li>");
    }
    b.append("</ul>\n");
    IncidentHtml.render(b, r.incidents(), lang);
    b.append("<h2>").append(ja ? "検出" : "Findings").append(" (").append(r.findings().size()).append(")</h2>\n");
    for (Finding f : r.findings()) {
      b.append("<section class=\"finding\" id=\"").append(escape(f.id())).append("\"><h3 class=\"").append(f.severity().id())
          .append("\">[").append(escape(f.severity().label(lang))).append("] ").append(escape(f.kind().label(lang))).append(": ")
          .append(escape(f.summary().in(lang))).append("</h3>\n<p><code>").append(escape(f.subject())).append("</code></p>\n<ul>");
      for (Text t : f.reasons()) {
        b.append("<li>").append(escape(t.in(lang))).append("</li>");
      }
      b.append("</ul>\n<table>");
      for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
        b.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(evidence(e.getValue())).append("</td></tr>");
      }
      b.append("</table></section>\n");
    }
    if (!r.alerts().isEmpty()) {
      b.append("<h2>").append(ja ? "アラート文面" : "Alert text").append("</h2>\n");
      for (Alert a : r.alerts()) {
        b.append("<pre>").append(escape(a.subject().in(lang))).append("\n\n").append(escape(a.body().in(lang))).append("</pre>\n");
      }
    }
    b.append("<h2>").append(ja ? "対応計画" : "Plan").append("</h2>\n<ol>");
    for (PlanStep s : r.plan()) {
      b.append("<li><b>").append(escape(s.action())).append("</b> ").append(escape(s.description().in(lang))).append(" <code>")
          .append(escape(s.target())).append("</code>").append(s.undoable() ? "" : (ja ? " (元に戻せません)" : " (cannot be undone)"))
          .append("</li>");
    }
    b.append("</ol>\n<h2>").append(ja ? "確認した範囲" : "Checked").append("</h2>\n<ul>");
    for (Coverage c : r.checked()) {
      b.append("<li>").append(escape(c.inspector())).append(": ").append(escape(c.what().in(lang)))
          .append(c.count() >= 0 ? ": " + c.count() : "").append("</li>");
    }
    b.append("</ul>\n");
    if (!r.couldNotTell().isEmpty()) {
      b.append("<h2>").append(ja ? "確認できなかったもの" : "Could not tell").append("</h2>\n<ul>");
      for (Gap g : r.couldNotTell()) {
        b.append("<li>").append(escape(g.inspector())).append(" <code>").append(escape(g.source())).append("</code>: ")
            .append(escape(g.reason().in(lang))).append("</li>");
      }
      b.append("</ul>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static String evidence(Object v) {
    if (v instanceof Collection<?> c) {
      StringBuilder b = new StringBuilder("<ul>");
      int i = 0;
      for (Object o : c) {
        if (i++ == 50) {
          b.append("<li>… ").append(c.size() - 50).append("</li>");
          break;
        }
        b.append("<li><code>").append(escape(String.valueOf(o))).append("</code></li>");
      }
      return b.append("</ul>").toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("<table>");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (i++ == 50) {
          break;
        }
        b.append("<tr><td><code>").append(escape(String.valueOf(e.getKey()))).append("</code></td><td>")
            .append(escape(String.valueOf(e.getValue()))).append("</td></tr>");
      }
      return b.append("</table>").toString();
    }
    return "<code>" + escape(String.valueOf(v)) + "</code>";
  }
}
