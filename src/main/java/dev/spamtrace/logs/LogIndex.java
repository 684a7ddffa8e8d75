package dev.spamtrace.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The events the log inspector kept, for the detectors and for the chain correlator (published
 * through {@code InspectionContext.artifacts()} as {@code LogIndex.class}). Kept: FTP logins (ok and
 * failed), uploads, downloads, deletions, renames, mkdir and chmod (not connects or session
 * lines), PAM failures, local and authenticated mail submissions (pickup uid, smtpd sasl user, Exim
 * arrivals and cwd lines, qmail info msg and smtp_auth, PHP mail.log), mail login failures, every
 * POST, and every web request of an address that logged in or uploaded over FTP. Sorted by time
 * (events without a time last, in file order).
 *
 * @param events the kept events
 * @param sources every file read, with what it gave
 * @param complete false when more events qualified than the configured limit (the rest were counted only)
 */
public record LogIndex(List<LogEvent> events, List<Source> sources, boolean complete) {
  public static final Comparator<LogEvent> BY_TIME = Comparator
      .comparing(LogEvent::time, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(LogEvent::source).thenComparingLong(LogEvent::line);

  public LogIndex {
    List<LogEvent> sorted = new ArrayList<>(events);
    sorted.sort(BY_TIME);
    events = List.copyOf(sorted);
    sources = List.copyOf(sources);
  }

  /**
   * One file read.
   *
   * @param serverPath the file
   * @param family the live file it was rotated from
   * @param formats formats tried on it
   * @param domain for a web log in a per-site place (Plesk, cPanel domlogs): the site, else null
   * @param docroot that site's document root as the server sees it, when known
   * @param recognised lines recognised
   * @param unrecognised lines no pattern recognised
   * @param malformed lines refused (control characters, invalid UTF-8, too long)
   * @param partial true when only part of the file was read (larger than the limit)
   */
  public record Source(String serverPath, String family, List<String> formats, String domain, String docroot, long recognised,
      long unrecognised, long malformed, boolean partial) {}

  /** The source a line came from, or null. */
  public Source source(String serverPath) {
    for (Source s : sources) {
      if (s.serverPath().equals(serverPath)) {
        return s;
      }
    }
    return null;
  }

  public List<LogEvent> select(Predicate<LogEvent> p) {
    List<LogEvent> out = new ArrayList<>();
    for (LogEvent e : events) {
      if (p.test(e)) {
        out.add(e);
      }
    }
    return out;
  }

  public List<LogEvent> ofKind(EventKind... kinds) {
    Set<EventKind> set = Set.of(kinds);
    return select(e -> set.contains(e.kind()));
  }

  /** Everything an address did (the address compared without an IPv4-mapped {@code ::ffff:} prefix). */
  public List<LogEvent> byAddress(String address) {
    String a = normalAddress(address);
    return select(e -> a.equals(normalAddress(e.address())));
  }

  /** Everything done under an account or mailbox name. */
  public List<LogEvent> byUser(String user) {
    return select(e -> user.equals(e.user()));
  }

  public List<LogEvent> between(Instant from, Instant to) {
    return select(e -> e.time() != null && !e.time().isBefore(from) && !e.time().isAfter(to));
  }

  /** FTP events and PAM failures of FTP daemons. */
  public List<LogEvent> ftp() {
    return select(LogIndex::isFtp);
  }

  /** POST requests in web access logs. */
  public List<LogEvent> webPosts() {
    return select(e -> e.kind() == EventKind.WEB_REQUEST && "POST".equals(e.field("method")));
  }

  /** Count of kept events per kind, for reports. */
  public Map<EventKind, Integer> counts() {
    Map<EventKind, Integer> m = new HashMap<>();
    events.forEach(e -> m.merge(e.kind(), 1, Integer::sum));
    return m;
  }

  public static boolean isFtp(LogEvent e) {
    if (e.kind().isFtp()) {
      return true;
    }
    if (e.kind() != EventKind.AUTH_FAILED) {
      return false;
    }
    String svc = (e.field("service") != null ? e.field("service") : String.valueOf(e.field("program"))).toLowerCase(Locale.ROOT);
    return svc.contains("ftp");
  }

  /** {@code ::ffff:192.0.2.1} → {@code 192.0.2.1}; null stays null. */
  public static String normalAddress(String a) {
    if (a == null) {
      return null;
    }
    return a.startsWith("::ffff:") && a.indexOf('.') > 0 ? a.substring(7) : a;
  }
}
