package dev.spamtrace.mailqueue;

import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.AlertWriter;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitoring team's "mail queue alert" (shared/field-guide.md, "The monitoring team's alert"),
 * written from each {@code mail-queue-surge} finding, in Japanese and English: server and address,
 * container, the window, the maximum count and when it was seen, the main From domains, and the
 * suspected scripts (with their paths when a malicious-file finding names them).
 */
public final class QueueAlertWriter implements AlertWriter {
  private final ZoneId zone;

  public QueueAlertWriter() {
    this(ZoneId.systemDefault());
  }

  public QueueAlertWriter(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Alert> write(AlertInput in) {
    List<Alert> out = new ArrayList<>();
    DateTimeFormatter day = DateTimeFormatter.ofPattern("MM/dd").withZone(zone);
    DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    for (Finding f : in.findings()) {
      if (f.kind() != FindingKind.MAIL_QUEUE_SURGE) {
        continue;
      }
      Map<String, Object> e = f.evidence();
      Instant seen = instant(e.get("observed-at"));
      Instant since = instant(e.get("over-threshold-since"));
      Object count = e.get("messages");
      String server = in.serverName();
      String addresses = in.addresses().isEmpty() ? "" : " (" + String.join(", ", in.addresses()) + ")";
      String container = in.container() == null || in.container().isBlank() ? "-" : "VEID " + in.container();
      String window = (since == null ? "?" : hm.format(since)) + " ~ " + (seen == null ? "?" : hm.format(seen));
      String when = seen == null ? "?" : hm.format(seen);
      List<String> fromDomains = new ArrayList<>();
      if (e.get("top-from-domain") instanceof List<?> tops) {
        for (Object o : tops) {
          if (o instanceof Map<?, ?> m && fromDomains.size() < 2) {
            fromDomains.add(m.get("key") + " (" + m.get("count") + ")");
          }
        }
      }
      Set<String> scripts = new LinkedHashSet<>();
      if (e.get("suspected-scripts") instanceof List<?> ss) {
        for (Object s : ss) {
          String name = String.valueOf(s);
          String path = maliciousFilePath(in.findings(), name);
          scripts.add(path != null ? path : name + ownerOf(e, name));
        }
      }
      for (Finding m : in.findings()) {
        if (m.kind() == FindingKind.MALICIOUS_FILE && m.evidence().get("path") instanceof String p && !scripts.contains(p)
            && p.endsWith(".php") && m.reasons().stream().anyMatch(r -> r.en().toLowerCase(java.util.Locale.ROOT).contains("mail"))) {
          scripts.add(p);
        }
      }
      List<String> verdicts = new ArrayList<>();
      List<String> verdictsJa = new ArrayList<>();
      for (Text r : f.reasons().subList(Math.min(1, f.reasons().size()), f.reasons().size())) {
        verdicts.add(r.en());
        verdictsJa.add(r.ja());
      }
      String dayText = seen == null ? "" : " " + day.format(seen);
      Text subject = new Text("Mail queue alert: " + server + dayText, "メールキュー滞留アラート検知のご連絡 " + server + dayText);
      StringBuilder ja = new StringBuilder();
      ja.append("▼ 対象サーバ  ").append(server).append(addresses).append('\n');
      ja.append("▼ 対象コンテナ ").append(container.equals("-") ? "なし" : container).append('\n');
      ja.append("▼ 検知時刻    ").append(window).append('\n');
      ja.append("▼ メールキュー最大滞留数 ").append(count).append(" (").append(when).append("検知)\n");
      ja.append("▼ キュー      ").append(f.subject()).append('\n');
      if (!fromDomains.isEmpty()) {
        ja.append("滞留しているメールの大半は、Fromが「").append(String.join("」及び「", fromDomains)).append("」でした。\n");
      }
      if (!scripts.isEmpty()) {
        ja.append("▼ 送信元と見られるスクリプト\n");
        scripts.forEach(s -> ja.append(s).append('\n'));
      }
      verdictsJa.forEach(v -> ja.append("・").append(v).append('\n'));
      ja.append("(spamtrace ").append(f.id()).append(")\n");
      StringBuilder en = new StringBuilder();
      en.append("* Server     ").append(server).append(addresses).append('\n');
      en.append("* Container  ").append(container.equals("-") ? "none" : container).append('\n');
      en.append("* Window     ").append(window).append('\n');
      en.append("* Max queued ").append(count).append(" (seen at ").append(when).append(")\n");
      en.append("* Queue      ").append(f.subject()).append('\n');
      if (!fromDomains.isEmpty()) {
        en.append("Most queued mail is From ").append(String.join(" and ", fromDomains)).append(".\n");
      }
      if (!scripts.isEmpty()) {
        en.append("* Suspected scripts\n");
        scripts.forEach(s -> en.append(s).append('\n'));
      }
      verdicts.forEach(v -> en.append("- ").append(v).append('\n'));
      en.append("(spamtrace ").append(f.id()).append(")\n");
      out.add(new Alert("mail-queue", subject, new Text(en.toString(), ja.toString())));
    }
    return out;
  }

  private static String maliciousFilePath(List<Finding> findings, String scriptName) {
    for (Finding m : findings) {
      if ((m.kind() == FindingKind.MALICIOUS_FILE || m.kind() == FindingKind.SUSPICIOUS_FILE)
          && m.evidence().get("path") instanceof String p && p.endsWith("/" + scriptName)) {
        return p;
      }
    }
    return null;
  }

  /** " (file owner uid 10001 shopuser)" from the script owners the finding names. */
  private static String ownerOf(Map<String, Object> e, String script) {
    if (e.get("script-owners") instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
      return " (file owner uid " + m.get("uid") + (m.get("user") == null ? "" : " " + m.get("user")) + ")";
    }
    return "";
  }

  private static Instant instant(Object o) {
    try {
      return o == null ? null : Instant.parse(String.valueOf(o));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
