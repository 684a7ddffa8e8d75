package dev.spamtrace.response.firewall;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.FormatRule;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogFiles;
import dev.spamtrace.logs.LogRules;
import dev.spamtrace.logs.LogScan;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recent FTP logins (account, address, time) for the country-policy preview, read with the logs
 * capability's parsers: every FTP daemon's log in its usual place (vsftpd, ProFTPD, Pure-FTPd,
 * xferlog, rotated and compressed files too) and the files {@code firewall.ftp-logs} names. A
 * transfer counts as a login (xferlog has no login lines: a transfer proves a logged-in session).
 */
public final class FtpLoginHistory {
  static final Set<String> FORMATS = Set.of("xferlog", "vsftpd", "proftpd", "proftpd-extended", "pure-ftpd");
  static final Set<EventKind> LOGIN = Set.of(EventKind.FTP_LOGIN, EventKind.FTP_UPLOAD, EventKind.FTP_DOWNLOAD, EventKind.FTP_DELETE,
      EventKind.FTP_RENAME, EventKind.FTP_MKDIR, EventKind.FTP_CHMOD);
  static final long MAX_FILE_BYTES = 1L << 30;

  /** What reading the logs gave: the logins, and what could not be read (a configured log that is missing, say). */
  public record Read(List<LogEvent> logins, List<String> problems) {}

  private FtpLoginHistory() {}

  public static Read read(HostRoot root, List<String> configured, Instant since, ZoneId zone) {
    List<FormatRule> ftp = new ArrayList<>();
    LogRules.shipped().formats().forEach((name, rule) -> {
      if (FORMATS.contains(name)) {
        ftp.add(rule);
      }
    });
    LogRules rules = LogRules.of(ftp);
    List<String> problems = new ArrayList<>();
    Map<String, String> extra = new LinkedHashMap<>();
    for (String log : configured) {
      extra.put(log, "auto");
      FileRead r;
      try {
        r = root.read(log, 1);
      } catch (RuntimeException e) {
        problems.add(log + ": " + e.getMessage());
        continue;
      }
      if (r instanceof FileRead.Missing) {
        problems.add(log + ": not there");
      } else if (r instanceof FileRead.NotRegular n) {
        problems.add(log + ": " + n.type() + ", not read");
      } else if (r instanceof FileRead.Unreadable u) {
        problems.add(log + ": unreadable: " + u.reason());
      }
    }
    LogFiles.Found found = LogFiles.discover(root, rules, extra, List.of());
    found.problems().forEach(p -> problems.add(p.serverPath() + ": " + p.reason()));
    List<LogEvent> out = new ArrayList<>();
    LogScan scan = new LogScan(rules, zone, 65536, MAX_FILE_BYTES, 1);
    for (LogScan.FileResult r : scan.scan(found.files(), p -> LOGIN.contains(p.kind()), new AtomicInteger(Integer.MAX_VALUE))) {
      if (r.error() != null) {
        problems.add(r.file().serverPath() + ": " + r.error());
      } else if (r.partial()) {
        problems.add(r.file().serverPath() + ": only the last 1 GiB read");
      }
      for (LogEvent e : r.kept()) {
        if (e.time() != null && !e.time().isBefore(since) && e.user() != null && e.address() != null) {
          out.add(e);
        }
      }
    }
    out.sort(dev.spamtrace.logs.LogIndex.BY_TIME);
    return new Read(out, problems);
  }
}
