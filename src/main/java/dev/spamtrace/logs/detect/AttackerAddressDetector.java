package dev.spamtrace.logs.detect;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An address tied to a compromise, with everything the logs say it touched: FTP accounts it
 * logged into or tried, files it uploaded, scripts it requested, mailboxes it used.
 */
public final class AttackerAddressDetector {
  private final Countries countries;
  private final ServerAccounts accounts;
  private final String server;

  public AttackerAddressDetector(Countries countries, ServerAccounts accounts, String server) {
    this.countries = countries;
    this.accounts = accounts;
    this.server = server;
  }

  /** @param tied address → the accounts whose compromise it is tied to */
  public List<Finding> detect(LogIndex index, Map<String, Set<String>> tied) {
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, Set<String>> t : tied.entrySet()) {
      String a = t.getKey();
      List<LogEvent> all = index.byAddress(a);
      Set<String> loggedInto = new TreeSet<>();
      Set<String> failedOn = new TreeSet<>();
      List<String> uploads = new ArrayList<>();
      Map<String, Integer> requests = new TreeMap<>();
      Set<String> mailboxes = new TreeSet<>();
      for (LogEvent e : all) {
        switch (e.kind()) {
          case FTP_LOGIN -> loggedInto.add(e.user());
          case FTP_LOGIN_FAILED, AUTH_FAILED -> failedOn.add(String.valueOf(e.user()));
          case FTP_UPLOAD -> {
            String p = accounts.serverPath(e.user(), e.path());
            if (p != null && !uploads.contains(p)) {
              uploads.add(p);
            }
          }
          case WEB_REQUEST -> requests.merge(e.field("method") + " " + e.path(), 1, Integer::sum);
          default -> {
            String u = MailboxCompromiseDetector.authenticatedUser(e);
            if (u != null) {
              mailboxes.add(u);
            }
          }
        }
      }
      if (all.isEmpty()) {
        continue;
      }
      String country = countries.of(a);
      List<Text> reasons = new ArrayList<>();
      reasons.add(Text.of("tied to the compromise of %s", "%s の不正利用に関与", String.join(", ", t.getValue())));
      if (!loggedInto.isEmpty()) {
        reasons.add(Text.of("logged into FTP as %s", "FTP に %s としてログイン", String.join(", ", loggedInto)));
      }
      if (!uploads.isEmpty()) {
        reasons.add(Text.of("uploaded %d file(s)", "%d 個のファイルをアップロード", uploads.size()));
      }
      if (!requests.isEmpty()) {
        reasons.add(Text.of("made %d web request(s)", "Web リクエスト %d 回", requests.values().stream().mapToInt(Integer::intValue).sum()));
      }
      if (!mailboxes.isEmpty()) {
        reasons.add(Text.of("sent mail as %s", "%s としてメール送信", String.join(", ", mailboxes)));
      }
      out.add(Finding.builder(FindingKind.ATTACKER_ADDRESS, a)
          .server(server)
          .severity(Severity.HIGH)
          .summary(Text.of("%s%s: %d FTP account(s), %d upload(s), %d web request(s)", "%s%s: FTP アカウント %d 件、アップロード %d 件、Web リクエスト %d 回",
              a, country == null ? "" : " (" + country + ")", loggedInto.size(), uploads.size(),
              requests.values().stream().mapToInt(Integer::intValue).sum()))
          .reasons(reasons)
          .evidence("address", a)
          .evidence("country", country)
          .evidence("accounts", List.copyOf(t.getValue()))
          .evidence("ftp-logins", List.copyOf(loggedInto))
          .evidence("ftp-failed-logins", List.copyOf(failedOn))
          .evidence("uploads", uploads)
          .evidence("web-requests", requests)
          .evidence("mailboxes", List.copyOf(mailboxes))
          .evidence("first-seen", Evidence.time(all.get(0).time()))
          .evidence("last-seen", Evidence.time(all.get(all.size() - 1).time()))
          .evidence("lines", Evidence.lines(all, 40))
          .source("logs")
          .build());
    }
    return out;
  }

  static boolean isWeb(LogEvent e) {
    return e.kind() == EventKind.WEB_REQUEST;
  }

  static Map<String, Integer> empty() {
    return new LinkedHashMap<>();
  }
}
