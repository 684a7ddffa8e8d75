package dev.spamtrace.logs.detect;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.logs.LogsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * FTP accounts used by someone else. Strong signs: a successful login from a country the account
 * never logged in from before, or from outside the allowed countries; one address logging into
 * many accounts; many failures then a success from one address (guessing that worked). Weak signs,
 * which raise a finding but never make one: a few failures before a success, scripts uploaded into
 * a web folder (developers upload PHP every day; an intruder's shell is one).
 */
public final class FtpCompromiseDetector {
  /** What it found: the findings and the addresses it tied to them. */
  public record Result(List<Finding> findings, Map<String, Set<String>> suspiciousAddresses) {}

  private final LogsSettings.Ftp settings;
  private final Countries countries;
  private final ServerAccounts accounts;
  private final String server;

  public FtpCompromiseDetector(LogsSettings.Ftp settings, Countries countries, ServerAccounts accounts, String server) {
    this.settings = settings;
    this.countries = countries;
    this.accounts = accounts;
    this.server = server;
  }

  public Result detect(LogIndex index) {
    List<LogEvent> ftp = index.ftp();
    Map<String, List<LogEvent>> logins = new TreeMap<>();
    Map<String, Set<String>> accountsByAddress = new TreeMap<>();
    for (LogEvent e : ftp) {
      if (e.kind() == EventKind.FTP_LOGIN && e.user() != null && e.address() != null) {
        logins.computeIfAbsent(e.user(), k -> new ArrayList<>()).add(e);
        accountsByAddress.computeIfAbsent(LogIndex.normalAddress(e.address()), k -> new TreeSet<>()).add(e.user());
      }
    }
    // Accounts that only appear in transfer logs (xferlog has no login lines) still have uploads.
    for (LogEvent e : ftp) {
      if (e.kind() == EventKind.FTP_UPLOAD && e.user() != null && !logins.containsKey(e.user()) && e.address() != null) {
        logins.computeIfAbsent(e.user(), k -> new ArrayList<>());
      }
    }
    List<Finding> findings = new ArrayList<>();
    Map<String, Set<String>> suspicious = new TreeMap<>();
    Set<String> done = new java.util.HashSet<>();
    for (Map.Entry<String, List<LogEvent>> acc : logins.entrySet()) {
      Finding f = account(acc.getKey(), acc.getValue(), ftp, accountsByAddress, suspicious, Map.of());
      if (f != null) {
        findings.add(f);
        done.add(acc.getKey());
      }
    }
    // Second pass: other accounts the same addresses logged into (the attacker's next targets).
    Map<String, Set<String>> tied = new TreeMap<>();
    suspicious.forEach((a, us) -> tied.put(a, new TreeSet<>(us)));
    for (Map.Entry<String, List<LogEvent>> acc : logins.entrySet()) {
      if (!done.contains(acc.getKey())) {
        Finding f = account(acc.getKey(), acc.getValue(), ftp, accountsByAddress, suspicious, tied);
        if (f != null) {
          findings.add(f);
        }
      }
    }
    return new Result(findings, suspicious);
  }

  private Finding account(String user, List<LogEvent> logins, List<LogEvent> ftp, Map<String, Set<String>> accountsByAddress,
      Map<String, Set<String>> suspicious, Map<String, Set<String>> tied) {
    List<Text> strong = new ArrayList<>();
    List<Text> weak = new ArrayList<>();
    Set<String> strongKinds = new LinkedHashSet<>();
    Set<String> badAddresses = new LinkedHashSet<>();
    List<LogEvent> evidence = new ArrayList<>();
    Map<String, String> countryOf = new LinkedHashMap<>();
    Set<String> seenCountries = new LinkedHashSet<>();
    Set<String> allowed = new LinkedHashSet<>();
    settings.allowedCountries().forEach(c -> allowed.add(c.toUpperCase(Locale.ROOT)));

    for (LogEvent l : logins) {
      String a = LogIndex.normalAddress(l.address());
      String c = countries.of(a);
      if (c != null) {
        countryOf.put(a, c);
        if (!seenCountries.isEmpty() && !seenCountries.contains(c)) {
          strong.add(Text.of("first login from %s (%s) at %s; earlier logins only from %s",
              "%s (%s) からの初めてのログイン (%s)。それまでのログインは %s からのみ", c, a, Evidence.time(l.time()), String.join(", ", seenCountries)));
          strongKinds.add("new-country");
          badAddresses.add(a);
          evidence.add(l);
        }
        if (!allowed.isEmpty() && !allowed.contains(c) && !badAddresses.contains(a)) {
          strong.add(Text.of("login from %s (%s), outside the allowed countries %s", "許可国 %3$s 以外の %1$s (%2$s) からのログイン",
              c, a, String.join(", ", allowed)));
          strongKinds.add("country-not-allowed");
          badAddresses.add(a);
          evidence.add(l);
        }
        seenCountries.add(c);
      }
    }
    Set<String> sharedReported = new LinkedHashSet<>();
    for (LogEvent l : logins) {
      String a = LogIndex.normalAddress(l.address());
      Set<String> others = accountsByAddress.getOrDefault(a, Set.of());
      if (others.size() < settings.accountsPerAddress()) {
        continue;
      }
      if (sharedReported.add(a)) {
        strong.add(Text.of("%s logged into %d accounts: %s", "%s が %d 個のアカウントにログイン: %s", a, others.size(), String.join(", ", others)));
      }
      strongKinds.add("shared-address");
      badAddresses.add(a);
      evidence.add(l);
    }
    for (LogEvent l : logins) {
      String a = LogIndex.normalAddress(l.address());
      Set<String> by = tied.get(a);
      if (by != null && !by.contains(user) && badAddresses.add(a)) {
        strong.add(Text.of("logged in from %s at %s, the address that compromised %s", "%s から %s にログイン (%s を不正利用したアドレス)",
            a, Evidence.time(l.time()), String.join(", ", by)));
        strongKinds.add("tied-address");
        evidence.add(l);
      }
    }
    // failures from an address before its first successful login to this account
    Map<String, LogEvent> firstSuccess = new LinkedHashMap<>();
    for (LogEvent l : logins) {
      firstSuccess.putIfAbsent(LogIndex.normalAddress(l.address()), l);
    }
    for (Map.Entry<String, LogEvent> s : firstSuccess.entrySet()) {
      LogEvent ok = s.getValue();
      List<LogEvent> fails = new ArrayList<>();
      for (LogEvent e : ftp) {
        if ((e.kind() == EventKind.FTP_LOGIN_FAILED || e.kind() == EventKind.AUTH_FAILED) && s.getKey().equals(LogIndex.normalAddress(e.address()))
            && (e.user() == null || e.user().equals(user)) && before(e, ok, Duration.ofDays(1))) {
          fails.add(e);
        }
      }
      if (fails.isEmpty()) {
        continue;
      }
      evidence.addAll(fails);
      evidence.add(ok);
      if (fails.size() >= settings.guessFailures()) {
        strong.add(Text.of("%d failed logins from %s, then a successful one at %s (guessing that worked)",
            "%2$s から %1$d 回ログインに失敗した後 %3$s に成功 (パスワードの推測が成功)", fails.size(), s.getKey(), Evidence.time(ok.time())));
        strongKinds.add("guessed");
        badAddresses.add(s.getKey());
      } else {
        weak.add(Text.of("%d failed login(s) from %s before a successful one at %s", "%2$s から %1$d 回失敗した後 %3$s にログイン成功",
            fails.size(), s.getKey(), Evidence.time(ok.time())));
      }
    }
    // scripts uploaded into web folders: from the suspicious addresses when there are some
    List<LogEvent> scripts = new ArrayList<>();
    List<String> scriptPaths = new ArrayList<>();
    for (LogEvent e : ftp) {
      if (e.kind() != EventKind.FTP_UPLOAD || !user.equals(e.user()) || !isScriptInWebFolder(e.path())) {
        continue;
      }
      if (!badAddresses.isEmpty() && !badAddresses.contains(LogIndex.normalAddress(e.address()))) {
        continue;
      }
      scripts.add(e);
      String p = accounts.serverPath(user, e.path());
      if (p != null && !scriptPaths.contains(p)) {
        scriptPaths.add(p);
      }
    }
    if (!scripts.isEmpty()) {
      weak.add(Text.of("%d script upload(s) into web folders: %s", "Web 公開フォルダへのスクリプトのアップロード %d 件: %s", scripts.size(),
          String.join(", ", scriptPaths.subList(0, Math.min(10, scriptPaths.size())))));
      evidence.addAll(scripts);
    }
    if (strong.isEmpty()) {
      return null;
    }
    Severity sev = Severity.MEDIUM;
    if (!scripts.isEmpty()) {
      sev = sev.raise(1);
    }
    if (strongKinds.size() >= 2) {
      sev = sev.raise(1);
    }
    for (String a : badAddresses) {
      suspicious.computeIfAbsent(a, k -> new TreeSet<>()).add(user);
    }
    List<Text> reasons = new ArrayList<>(strong);
    reasons.addAll(weak);
    Map<String, String> countriesSeen = new LinkedHashMap<>();
    for (LogEvent l : logins) {
      String a = LogIndex.normalAddress(l.address());
      countriesSeen.putIfAbsent(a, countryOf.getOrDefault(a, "-"));
    }
    return Finding.builder(FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + user)
        .server(server)
        .severity(sev)
        .summary(Text.of("FTP account %s used from %s", "FTP アカウント %s が %s から使用された", user, String.join(", ", badAddresses)))
        .reasons(reasons)
        .evidence("user", user)
        .evidence("home", accounts.home(user))
        .evidence("address", badAddresses.iterator().next())
        .evidence("addresses", List.copyOf(badAddresses))
        .evidence("signs", List.copyOf(strongKinds))
        .evidence("login-addresses", countriesSeen)
        .evidence("logins", logins.size())
        .evidence("first-login", logins.isEmpty() ? null : Evidence.time(logins.get(0).time()))
        .evidence("last-login", logins.isEmpty() ? null : Evidence.time(logins.get(logins.size() - 1).time()))
        .evidence("uploaded-scripts", scriptPaths)
        .evidence("lines", Evidence.lines(new LinkedHashSet<>(evidence), 40))
        .source("logs")
        .build();
  }

  private static boolean before(LogEvent e, LogEvent ok, Duration window) {
    if (e.time() == null || ok.time() == null) {
      return e.source().equals(ok.source()) && e.line() < ok.line();
    }
    return !e.time().isAfter(ok.time()) && !e.time().isBefore(ok.time().minus(window));
  }

  /** True for a file the web server runs, in a folder that serves a site. */
  public boolean isScriptInWebFolder(String path) {
    if (path == null) {
      return false;
    }
    String p = path.toLowerCase(Locale.ROOT);
    int dot = p.lastIndexOf('.');
    int slash = p.lastIndexOf('/');
    if (dot < 0 || dot < slash) {
      return false;
    }
    if (!settings.scriptExtensions().contains(p.substring(dot + 1))) {
      return false;
    }
    for (String part : p.split("/")) {
      if (settings.webFolders().contains(part)) {
        return true;
      }
    }
    return false;
  }
}
