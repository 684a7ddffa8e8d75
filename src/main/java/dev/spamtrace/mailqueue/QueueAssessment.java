package dev.spamtrace.mailqueue;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One queue judged: its summary, why it grew, and whether that makes a {@code mail-queue-surge}
 * finding. Shared by the inspector and {@code spamtrace queue summary}, so both say the same.
 *
 * @param snapshot the queue as read
 * @param summary totals and breakdowns
 * @param verdicts why it grew, each with its evidence
 * @param threshold the configured threshold
 */
public record QueueAssessment(QueueSnapshot snapshot, QueueSummary summary, List<SurgeAnalysis.Verdict> verdicts, int threshold) {

  public static QueueAssessment of(QueueSnapshot snapshot, MailQueueSettings s, SurgeAnalysis analysis, Instant now) {
    // The breakdowns and the verdicts read the same messages independently: side by side.
    java.util.concurrent.CompletableFuture<QueueSummary> summary =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> QueueSummary.of(snapshot.messages(), s.top(), s.ageBuckets(), now));
    List<SurgeAnalysis.Verdict> verdicts = analysis.verdicts(snapshot.messages());
    return new QueueAssessment(snapshot, summary.join(), verdicts, s.threshold());
  }

  public boolean overThreshold() {
    return summary.messages() >= threshold;
  }

  public List<SurgeAnalysis.Verdict> abuse() {
    return verdicts.stream().filter(v -> v.rule().abuse()).toList();
  }

  /** A finding when the queue is over its threshold or abuse is seen in it (however small). */
  public boolean isFinding() {
    return overThreshold() || !abuse().isEmpty();
  }

  public static String mtaName(Mta m) {
    return switch (m) {
      case POSTFIX -> "Postfix";
      case EXIM -> "Exim";
      case QMAIL -> "qmail";
    };
  }

  public Finding finding(String server) {
    return finding(server, LocalAccounts.none());
  }

  /** The finding; {@code accounts} (the root's passwd) names the uids it gives. */
  public Finding finding(String server, LocalAccounts accounts) {
    int total = summary.messages();
    Severity sev = Severity.INFO;
    if (overThreshold()) {
      sev = total >= 4L * threshold ? Severity.HIGH : Severity.MEDIUM;
    }
    for (SurgeAnalysis.Verdict v : verdicts) {
      Severity rs = Severity.parse(v.rule().level());
      if (rs.compareTo(sev) > 0) {
        sev = rs;
      }
    }
    if (!abuse().isEmpty() && overThreshold() && total >= 4L * threshold) {
      sev = Severity.CRITICAL;
    }
    String mta = mtaName(snapshot.mta());
    Finding.Builder b = Finding.builder(FindingKind.MAIL_QUEUE_SURGE, snapshot.label()).server(server).severity(sev)
        .source("mailqueue").summary(summaryText(mta, total));
    if (overThreshold()) {
      b.reason(new Text(f("%d messages in the %s queue, at or over the threshold of %d (mailqueue.threshold)", total, mta, threshold),
          f("%s キューに %d 通が滞留しています (しきい値 %d、mailqueue.threshold)", mta, total, threshold)));
    } else {
      b.reason(new Text(f("%d messages in the %s queue: under the threshold of %d, but abuse is already in it", total, mta, threshold),
          f("%s キューの滞留は %d 通でしきい値 %d 未満ですが、不正な送信が含まれています", mta, total, threshold)));
    }
    for (SurgeAnalysis.Verdict v : verdicts) {
      b.reason(new Text(v.summary("en", total), v.summary("ja", total)));
    }
    b.evidence("mta", snapshot.mta().id());
    b.evidence("queue-directory", snapshot.directory());
    b.evidence("messages", total);
    b.evidence("threshold", threshold);
    b.evidence("observed-at", snapshot.readAt().toString());
    b.evidence("by-queue", summary.byQueue());
    b.evidence("recipients", summary.recipients());
    b.evidence("bytes", summary.bytes());
    Instant since = overSince();
    if (since != null) {
      b.evidence("over-threshold-since", since.toString());
    }
    if (summary.oldest() != null) {
      b.evidence("oldest-arrival", summary.oldest().toString());
      b.evidence("newest-arrival", summary.newest().toString());
      b.evidence("busiest-ten-minutes", ordered("from", summary.busiest().toString(), "arrivals", summary.busiestCount()));
    }
    List<Map<String, Object>> vs = new ArrayList<>();
    for (SurgeAnalysis.Verdict v : verdicts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("verdict", v.rule().id());
      m.put("title", v.rule().title().get("en"));
      m.put("abuse", v.rule().abuse());
      m.put("focus", v.focus().id());
      m.put("value", v.value());
      m.put("messages", v.count());
      m.put("measures", rounded(v.measures()));
      m.put("examples", v.examples());
      if (v.selector() != null) {
        m.put("selector", ordered("kind", v.selector().kind().id(), "value", v.value()));
      }
      vs.add(m);
    }
    b.evidence("verdicts", vs);
    List<String> scripts = new ArrayList<>();
    for (SurgeAnalysis.Verdict v : abuse()) {
      if (v.focus() == Dimension.SCRIPT) {
        scripts.add(v.value());
      }
    }
    b.evidence("suspected-scripts", scripts);
    // Who owns the suspected scripts' files (the uid in X-PHP-Originating-Script): often the FTP
    // account that uploaded them, the thread to pull next.
    List<Map<String, Object>> owners = new ArrayList<>();
    for (QueueSummary.Count c : summary.top().get(Dimension.SCRIPT_OWNER)) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("uid", c.key());
      String name = accounts.name(parseInt(c.key()));
      if (name != null) {
        o.put("user", name);
      }
      o.put("messages", c.count());
      owners.add(o);
    }
    if (!owners.isEmpty()) {
      b.evidence("script-owners", owners);
    }
    for (Dimension d : Dimension.values()) {
      if (d == Dimension.SUBJECT) {
        continue;
      }
      List<Map<String, Object>> top = new ArrayList<>();
      for (QueueSummary.Count c : summary.top().get(d)) {
        top.add(ordered("key", c.key(), "count", c.count()));
      }
      if (!top.isEmpty()) {
        b.evidence("top-" + d.id(), top);
      }
    }
    b.evidence("ages", summary.ages());
    b.evidence("history", "no queue-size history is kept yet: the window is the arrival times of the messages still queued, "
        + "and the maximum is the count seen at observed-at");
    return b.build();
  }

  /**
   * When the queue reached its threshold, judged from the messages still in it: the arrival of
   * the threshold-th oldest one (messages that already left would only make it earlier). Under the
   * threshold, when the first message of an abuse verdict arrived. Null when unknown.
   */
  public Instant overSince() {
    List<Instant> arrivals = new ArrayList<>();
    java.util.Set<String> abuseValues = new java.util.HashSet<>();
    abuse().forEach(v -> abuseValues.add(v.focus().id() + "\0" + v.value()));
    for (QueuedMessage m : snapshot.messages()) {
      if (m.arrival() == null) {
        continue;
      }
      if (overThreshold()) {
        arrivals.add(m.arrival());
      } else {
        for (SurgeAnalysis.Verdict v : abuse()) {
          if (v.focus().keys(m).contains(v.value())) {
            arrivals.add(m.arrival());
            break;
          }
        }
      }
    }
    if (arrivals.isEmpty()) {
      return null;
    }
    arrivals.sort(null);
    return overThreshold() ? arrivals.get(Math.min(arrivals.size() - 1, Math.max(0, threshold - 1))) : arrivals.get(0);
  }

  private Text summaryText(String mta, int total) {
    String topDomain = first(Dimension.SENDER_DOMAIN);
    List<SurgeAnalysis.Verdict> ab = abuse();
    if (!ab.isEmpty()) {
      SurgeAnalysis.Verdict v = ab.get(0);
      String share = pct(v.measures().get("share"));
      return new Text(f("%s queue: %d messages; %d of them (%s) from %s %s: %s", mta, total, v.count(), share, v.focus().id(), v.value(),
          v.rule().title().get("en")),
          f("%s キュー: %d 通滞留、うち %d 通 (%s) は %s %s から: %s", mta, total, v.count(), share, v.focus().ja(), v.value(),
              v.rule().title().get("ja")));
    }
    if (!verdicts.isEmpty()) {
      SurgeAnalysis.Verdict v = verdicts.get(0);
      return new Text(String.format(Locale.ROOT, "%s queue: %d messages, most likely %s (%s)", mta, total, v.rule().title().get("en"), v.value()),
          String.format(Locale.ROOT, "%s キュー: %d 通滞留。原因は %s と見られます (%s)", mta, total, v.rule().title().get("ja"), v.value()));
    }
    return new Text(String.format(Locale.ROOT, "%s queue: %d messages (threshold %d); most from %s", mta, total, threshold, topDomain),
        String.format(Locale.ROOT, "%s キュー: %d 通滞留 (しきい値 %d)。送信者ドメインは主に %s", mta, total, threshold, topDomain));
  }

  private String first(Dimension d) {
    List<QueueSummary.Count> top = summary.top().get(d);
    return top.isEmpty() ? "-" : top.get(0).key();
  }

  /** A two-entry map that keeps its order (evidence and JSON must be stable; Map.of is not ordered). */
  public static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String pct(double share) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static Map<String, Object> rounded(Map<String, Double> ms) {
    Map<String, Object> out = new LinkedHashMap<>();
    ms.forEach((k, v) -> out.put(k, v == Math.rint(v) ? (Object) (long) (double) v : (Object) (Math.round(v * 1000) / 1000.0)));
    return out;
  }
}
