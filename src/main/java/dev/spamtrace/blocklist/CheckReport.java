package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.Text;
import dev.spamtrace.report.ReportJson;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A check run as the operator reads it (a table, in Japanese or English) or as scripts read it (JSON). */
public final class CheckReport {
  public static final String SCHEMA = "spamtrace.blocklist-check/1";
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private CheckReport() {}

  public static String table(CheckRun run, String resolverFrom, List<Text> warnings, Lang lang) {
    boolean ja = lang == Lang.JA;
    StringBuilder b = new StringBuilder();
    b.append(ja ? "ブラックリスト確認 " : "Blocklist check ").append(TIME.format(run.finished()))
        .append(ja ? "  リゾルバ " : "  resolver ").append(run.resolver());
    if (resolverFrom != null) {
      b.append(" (").append(resolverFrom).append(')');
    }
    b.append('\n');
    for (Text w : warnings) {
      b.append(ja ? "注意: " : "warning: ").append(w.in(lang)).append('\n');
    }
    Map<String, int[]> perSubject = new LinkedHashMap<>();
    for (CheckRun.Check c : run.checks()) {
      int[] n = perSubject.computeIfAbsent(c.subject().value(), k -> new int[3]);
      if (c.listed()) n[0]++;
      else if (c.unknown()) n[1]++;
      else if (c.outcome() instanceof Outcome.NotListed) n[2]++;
    }
    for (Map.Entry<String, int[]> e : perSubject.entrySet()) {
      int[] n = e.getValue();
      int asked = n[0] + n[1] + n[2];
      b.append(ja ? String.format("%s: %d リスト中 %d 件に掲載、%d 件は判定不能%n", Printable.of(e.getKey()), asked, n[0], n[1])
          : String.format("%s: listed on %d of %d lists, could not tell on %d%n", Printable.of(e.getKey()), n[0], asked, n[1]));
    }
    b.append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(ja ? new String[] {"対象", "リスト", "結果", "詳細"} : new String[] {"SUBJECT", "LIST", "RESULT", "DETAIL"});
    List<CheckRun.Check> sorted = new ArrayList<>(run.checks());
    sorted.sort((x, y) -> Integer.compare(rank(x.outcome()), rank(y.outcome())));
    for (CheckRun.Check c : sorted) {
      rows.add(new String[] {Printable.of(c.subject().value()), c.zone().zone(), result(c.outcome(), lang), detail(c, lang)});
    }
    int[] w = new int[3];
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], width(r[i]));
      }
    }
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        b.append(r[i]).append(" ".repeat(w[i] - width(r[i]) + 2));
      }
      b.append(r[3]).append('\n');
    }
    List<ZoneHealth> bad = run.health().stream().filter(h -> !h.healthy()).toList();
    if (!bad.isEmpty()) {
      b.append('\n').append(ja ? "信用できないリスト (今回):" : "Lists not trusted this run:").append('\n');
      for (ZoneHealth h : bad) {
        b.append("  ").append(h.zone()).append(": ").append(h.state().id()).append(" — ").append(Printable.of(h.detail().in(lang))).append('\n');
      }
    }
    Duration took = Duration.between(run.started(), run.finished());
    b.append('\n').append(ja ? String.format("問い合わせ %d 件、%.1f 秒%n", run.queries(), took.toMillis() / 1000.0)
        : String.format("%d queries in %.1f s%n", run.queries(), took.toMillis() / 1000.0));
    return b.toString();
  }

  private static int rank(Outcome o) {
    if (o instanceof Outcome.Listed) return 0;
    if (o instanceof Outcome.Unknown u) return u.reason() == Outcome.Reason.NOT_COVERED ? 3 : 1;
    return 2;
  }

  static String result(Outcome o, Lang lang) {
    boolean ja = lang == Lang.JA;
    if (o instanceof Outcome.Listed) return ja ? "掲載" : "LISTED";
    if (o instanceof Outcome.NotListed) return ja ? "未掲載" : "not listed";
    Outcome.Unknown u = (Outcome.Unknown) o;
    if (u.reason() == Outcome.Reason.NOT_COVERED) return ja ? "対象外" : "n/a";
    return ja ? "判定不能" : "UNKNOWN";
  }

  static String detail(CheckRun.Check c, Lang lang) {
    Outcome o = c.outcome();
    if (o instanceof Outcome.Listed l) {
      String s = l.codes() + " " + l.meanings();
      if (c.ttl() >= 0) {
        // How long receivers' resolvers may keep seeing it after a removal (dnsbl.md section 2.7).
        s += lang == Lang.JA ? " (TTL " + c.ttl() + " 秒)" : " (TTL " + c.ttl() + " s)";
      }
      if (!l.txt().isEmpty()) {
        s += " | TXT: " + String.join(" ", l.txt());
      }
      return Printable.clip(s, 160);
    }
    if (o instanceof Outcome.NotListed n) {
      return Printable.clip(n.note(), 120);
    }
    return Printable.clip(((Outcome.Unknown) o).explain().in(lang), 160);
  }

  /** Display width: CJK characters take two columns. */
  static int width(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      w += ch >= 0x1100 && (ch <= 0x115f || ch >= 0x2e80 && ch <= 0xa4cf || ch >= 0xac00 && ch <= 0xd7a3 || ch >= 0xf900 && ch <= 0xfaff
          || ch >= 0xfe30 && ch <= 0xfe4f || ch >= 0xff00 && ch <= 0xff60 || ch >= 0xffe0 && ch <= 0xffe6) ? 2 : 1;
    }
    return w;
  }

  /** The JSON document ({@link #SCHEMA}). */
  public static String json(CheckRun run, String resolverFrom, List<Text> warnings) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", SCHEMA);
    doc.put("resolver", run.resolver());
    doc.put("resolverFrom", resolverFrom);
    doc.put("warnings", warnings);
    doc.put("started", run.started());
    doc.put("finished", run.finished());
    doc.put("queries", run.queries());
    List<Map<String, Object>> zones = new ArrayList<>();
    for (ZoneHealth h : run.health()) {
      Map<String, Object> z = new LinkedHashMap<>();
      z.put("zone", h.zone());
      z.put("health", h.state().id());
      z.put("detail", h.detail());
      zones.add(z);
    }
    doc.put("zones", zones);
    List<Map<String, Object>> results = new ArrayList<>();
    for (CheckRun.Check c : run.checks()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("subject", c.subject().value());
      r.put("zone", c.zone().zone());
      r.put("query", c.query());
      r.put("outcome", c.outcome().id());
      if (c.outcome() instanceof Outcome.Listed l) {
        List<Map<String, Object>> codes = new ArrayList<>();
        for (Outcome.Hit h : l.hits()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("answer", h.answer());
          m.put("meaning", h.meaning());
          m.put("verdict", h.verdict());
          m.put("removal", h.removal() == null ? null : h.removal().policy());
          codes.add(m);
        }
        r.put("codes", codes);
        r.put("txt", l.txt());
      } else if (c.outcome() instanceof Outcome.NotListed n) {
        r.put("note", n.note());
      } else if (c.outcome() instanceof Outcome.Unknown u) {
        r.put("reason", u.reason().id());
        r.put("detail", u.explain());
      }
      r.put("ttl", c.ttl());
      results.add(r);
    }
    doc.put("results", results);
    try {
      return ReportJson.mapper().writeValueAsString(doc) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
