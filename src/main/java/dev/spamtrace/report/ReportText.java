package dev.spamtrace.report;

import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.PlanStep;
import dev.spamtrace.incident.Text;
import dev.spamtrace.support.Printable;
import java.util.Collection;
import java.util.Map;

/** The operator's text report. Every attacker-controlled string goes through {@link Printable}. */
public final class ReportText {
  private static final int MAX_LIST = 8;

  private ReportText() {}

  public static String render(Report r, Lang lang) {
    StringBuilder b = new StringBuilder();
    boolean ja = lang == Lang.JA;
    b.append(ja ? "spamtrace 調査レポート" : "spamtrace investigation").append("  ").append(r.generatedAt()).append('\n');
    for (Report.Server s : r.servers()) {
      b.append(ja ? "  サーバ: " : "  server: ").append(Printable.of(s.name()));
      if (!s.addresses().isEmpty()) {
        b.append(" (").append(String.join(", ", s.addresses())).append(')');
      }
      if (!s.container().isEmpty()) {
        b.append(ja ? "  コンテナ " : "  container ").append(Printable.of(s.container()));
      }
      b.append(ja ? "  ルート " : "  root ").append(Printable.of(s.root())).append('\n');
    }
    b.append('\n');
    IncidentText.render(b, r.incidents(), r.servers().size() > 1, lang);

    if (r.findings().isEmpty()) {
      b.append(ja ? "検出なし。" : "Nothing found.");
      b.append(r.isPartial() ? (ja ? " ただし確認できなかった項目があります (下記)。\n" : " But some sources could not be checked (below).\n") : "\n");
    } else {
      b.append(ja ? "検出 (" : "Findings (").append(r.findings().size()).append(")\n");
      int n = 1;
      for (Finding f : r.findings()) {
        b.append(String.format("%2d. [%s] %s  %s%n", n++, f.severity().label(lang).toUpperCase(java.util.Locale.ROOT),
            f.kind().label(lang), Printable.of(f.summary().in(lang))));
        b.append("    ").append(ja ? "対象: " : "subject: ").append(Printable.of(f.subject()));
        if (r.servers().size() > 1) {
          b.append("  @ ").append(Printable.of(f.server()));
        }
        b.append('\n');
        for (Text reason : f.reasons()) {
          b.append("    - ").append(Printable.of(reason.in(lang))).append('\n');
        }
        for (Map.Entry<String, Object> e : f.evidence().entrySet()) {
          appendEvidence(b, e.getKey(), e.getValue());
        }
        b.append("    id ").append(f.id()).append('\n');
      }
    }

    if (!r.alerts().isEmpty()) {
      b.append('\n').append(ja ? "アラート文面" : "Alert text").append('\n');
      for (Alert a : r.alerts()) {
        b.append("----\n").append(ja ? "件名: " : "Subject: ").append(Printable.of(a.subject().in(lang))).append('\n');
        for (String line : a.body().in(lang).split("\n", -1)) {
          b.append(Printable.of(line)).append('\n');
        }
      }
      b.append("----\n");
    }

    b.append('\n').append(ja ? "確認した範囲" : "Checked").append('\n');
    for (Coverage c : r.checked()) {
      b.append("  ").append(String.format("%-12s ", c.inspector())).append(Printable.of(c.what().in(lang)));
      if (c.count() >= 0) {
        b.append(": ").append(c.count());
      }
      b.append('\n');
    }
    if (!r.couldNotTell().isEmpty()) {
      b.append('\n').append(ja ? "確認できなかったもの (問題なしとは言えません)" : "Could not tell (not a clean bill)").append('\n');
      for (Gap g : r.couldNotTell()) {
        b.append("  ").append(String.format("%-12s ", g.inspector())).append(Printable.of(g.source())).append(": ")
            .append(Printable.of(g.reason().in(lang))).append('\n');
      }
    }
    b.append('\n').append(ja ? "対応計画 (ドライラン: --apply で実行)" : "Plan (dry run: nothing is done without --apply)").append('\n');
    if (r.plan().isEmpty()) {
      b.append(ja ? "  なし\n" : "  nothing to do\n");
    }
    for (PlanStep s : r.plan()) {
      b.append(String.format("%3d. %-22s %s%n", s.number(), s.action(), Printable.of(s.description().in(lang))));
      b.append("       ").append(ja ? "対象: " : "target: ").append(Printable.of(s.target()))
          .append(s.undoable() ? (ja ? "  (元に戻せます)" : "  (undoable)") : (ja ? "  (元に戻せません)" : "  (cannot be undone)"))
          .append('\n');
    }

    return b.toString();
  }

  private static void appendEvidence(StringBuilder b, String key, Object value) {
    b.append("    ").append(key).append(": ");
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) {
        if (i == MAX_LIST) {
          b.append("\n      … ").append(c.size() - MAX_LIST).append(" more");
          break;
        }
        b.append("\n      ").append(Printable.clip(String.valueOf(o), 200));
        i++;
      }
      b.append('\n');
    } else if (value instanceof Map<?, ?> m) {
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (i == MAX_LIST) {
          b.append("\n      … ").append(m.size() - MAX_LIST).append(" more");
          break;
        }
        b.append("\n      ").append(Printable.clip(String.valueOf(e.getKey()), 120)).append(": ")
            .append(Printable.clip(String.valueOf(e.getValue()), 160));
        i++;
      }
      b.append('\n');
    } else {
      b.append(Printable.clip(String.valueOf(value), 300)).append('\n');
    }
  }
}
