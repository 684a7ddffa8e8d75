package dev.spamtrace.logs.detect;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.logs.LogsSettings;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Mailboxes whose password was cracked and used to send through authenticated SMTP (the story's
 * "several times a month"): one user sending from many client addresses or countries, or far
 * above its usual hourly rate. Reads Postfix's sasl_username, Exim's A= and Plesk's qmail smtp_auth.
 */
public final class MailboxCompromiseDetector {
  private final LogsSettings.Mailbox settings;
  private final Countries countries;
  private final String server;

  public MailboxCompromiseDetector(LogsSettings.Mailbox settings, Countries countries, String server) {
    this.settings = settings;
    this.countries = countries;
    this.server = server;
  }

  /** The authenticated sender of an event, or null. */
  public static String authenticatedUser(LogEvent e) {
    if (e.kind() == EventKind.MAIL_CLIENT) {
      return e.user();
    }
    if (e.kind() == EventKind.MAIL_ARRIVAL && e.field("auth") != null) {
      return e.field("authuser") != null ? e.field("authuser") : e.field("auth");
    }
    if (e.kind() == EventKind.MAIL_AUTH && "qmail".equals(e.format())) {
      return e.user();
    }
    return null;
  }

  public List<Finding> detect(LogIndex index) {
    Map<String, List<LogEvent>> byUser = new TreeMap<>();
    for (LogEvent e : index.events()) {
      String u = authenticatedUser(e);
      if (u != null && !u.isEmpty()) {
        byUser.computeIfAbsent(u, k -> new ArrayList<>()).add(e);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<LogEvent>> u : byUser.entrySet()) {
      Finding f = user(u.getKey(), u.getValue());
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private Finding user(String user, List<LogEvent> sent) {
    Map<String, Integer> addresses = new LinkedHashMap<>();
    Map<String, Integer> byCountry = new TreeMap<>();
    Map<Long, Integer> perHour = new TreeMap<>();
    for (LogEvent e : sent) {
      String a = LogIndex.normalAddress(e.address());
      if (a != null) {
        addresses.merge(a, 1, Integer::sum);
        String c = countries.of(a);
        if (c != null) {
          byCountry.merge(c, 1, Integer::sum);
        }
      }
      if (e.time() != null) {
        perHour.merge(e.time().truncatedTo(ChronoUnit.HOURS).getEpochSecond(), 1, Integer::sum);
      }
    }
    List<Text> reasons = new ArrayList<>();
    if (addresses.size() >= settings.maxAddresses()) {
      reasons.add(Text.of("sent from %d client addresses", "%d 個のクライアントアドレスから送信", addresses.size()));
    }
    if (byCountry.size() >= settings.maxCountries()) {
      reasons.add(Text.of("sent from %d countries: %s", "%d か国から送信: %s", byCountry.size(), String.join(", ", byCountry.keySet())));
    }
    int peak = 0;
    long peakHour = 0;
    for (Map.Entry<Long, Integer> h : perHour.entrySet()) {
      if (h.getValue() > peak) {
        peak = h.getValue();
        peakHour = h.getKey();
      }
    }
    List<Integer> counts = new ArrayList<>(perHour.values());
    counts.sort(null);
    int median = counts.isEmpty() ? 0 : counts.get(counts.size() / 2);
    if (peak >= settings.burstPerHour() && (counts.size() < 3 || peak >= (long) settings.burstFactor() * median)) {
      reasons.add(Text.of("%d messages in the hour from %s; its usual hour has %d", "%2$s からの 1 時間に %1$d 通 (通常は 1 時間 %3$d 通)",
          peak, java.time.Instant.ofEpochSecond(peakHour), counts.size() < 3 ? 0 : median));
    }
    if (reasons.isEmpty()) {
      return null;
    }
    List<Map.Entry<String, Integer>> top = new ArrayList<>(addresses.entrySet());
    top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    Map<String, String> topAddresses = new LinkedHashMap<>();
    top.stream().limit(20).forEach(e -> topAddresses.put(e.getKey(), e.getValue() + " " + String.valueOf(countries.of(e.getKey()))));
    return Finding.builder(FindingKind.MAILBOX_COMPROMISE, "mailbox:" + user)
        .server(server)
        .severity(reasons.size() >= 2 ? Severity.CRITICAL : Severity.HIGH)
        .summary(Text.of("mailbox %s sent %d messages through authenticated SMTP from %d addresses",
            "メールアカウント %s が SMTP 認証で %d 通を %d 個のアドレスから送信", user, sent.size(), addresses.size()))
        .reasons(reasons)
        .evidence("user", user)
        .evidence("messages", sent.size())
        .evidence("addresses", addresses.size())
        .evidence("top-addresses", topAddresses)
        .evidence("countries", byCountry)
        .evidence("peak-hour-messages", peak)
        .evidence("usual-hour-messages", median)
        .evidence("first", Evidence.time(sent.get(0).time()))
        .evidence("last", Evidence.time(sent.get(sent.size() - 1).time()))
        .evidence("lines", Evidence.lines(sent, 30))
        .source("logs")
        .build();
  }

  static boolean isIn(Set<String> s, String v) {
    return v != null && s.contains(v);
  }
}
