package dev.spamtrace.response.firewall;

import dev.spamtrace.geoip.PublicAddress;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recent FTP logins (time, account, address), for the country-policy preview. A deliberately
 * small reader until the logs capability's FTP parsers are on main: vsftpd's own log
 * ({@code OK LOGIN: Client "ip"}) and xferlog transfers (a transfer is proof of a logged-in
 * session), in the formats of {@code reference/log-formats.md} §5 and §7.
 */
public final class FtpLogins {
  /** One login (or transfer) seen in a log. */
  public record Login(LocalDateTime time, String account, String address, String source) {}

  /** What reading the logs gave: the logins, and the logs that could not be read. */
  public record Read(List<Login> logins, List<String> problems) {}

  private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);
  // Www Mmm dd HH:MM:SS YYYY [pid N] [user] OK LOGIN: Client "ip"  (vsftpd, anchored on its own words)
  private static final Pattern VSFTPD = Pattern.compile(
      "^(\\w{3} \\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4}) \\[pid \\d+\\] \\[([^\\]]{0,64})\\] OK LOGIN: Client \"([0-9A-Fa-f:.]{2,45})\"");
  // Www Mmm dd HH:MM:SS YYYY secs host size … (xferlog: 8 fields from the left, 9 from the right)
  private static final Pattern XFERLOG_HEAD = Pattern.compile("^(\\w{3} \\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4}) \\d+ (\\S+) \\d+ ");

  private FtpLogins() {}

  /** Reads the logs (server paths) under the root, keeping logins at or after {@code since}. */
  public static Read read(HostRoot root, List<String> logs, LocalDateTime since) {
    List<Login> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String log : logs) {
      FileRead r;
      try {
        r = root.read(log, 256L << 20);
      } catch (RuntimeException e) {
        problems.add(log + ": " + e.getMessage());
        continue;
      }
      if (r instanceof FileRead.Content c) {
        for (Login l : parse(c.text(), log)) {
          if (!l.time().isBefore(since)) {
            out.add(l);
          }
        }
        if (c.truncated()) {
          problems.add(log + ": only the first 256 MiB read");
        }
      } else if (r instanceof FileRead.Missing) {
        problems.add(log + ": not there");
      } else if (r instanceof FileRead.NotRegular n) {
        problems.add(log + ": " + n.type() + ", not read");
      } else if (r instanceof FileRead.Unreadable u) {
        problems.add(log + ": unreadable: " + u.reason());
      }
    }
    return new Read(out, problems);
  }

  /** Parses one log's text; lines of other formats are skipped. */
  public static List<Login> parse(String text, String source) {
    List<Login> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher v = VSFTPD.matcher(line);
      if (v.find()) {
        add(out, v.group(1), v.group(2), v.group(3), source);
        continue;
      }
      Matcher x = XFERLOG_HEAD.matcher(line);
      if (x.find()) {
        String[] tail = line.strip().split(" ");
        // the last 9 fields: type action direction mode user service auth authuser status
        if (tail.length >= 17 && tail[tail.length - 1].matches("[ci]") && tail[tail.length - 6].matches("[agr]")) {
          add(out, x.group(1), tail[tail.length - 5], x.group(2), source);
        }
      }
    }
    return out;
  }

  private static void add(List<Login> out, String time, String account, String address, String source) {
    if (PublicAddress.parseLiteral(address) == null) {
      return; // a host name (xferlog without IPs): nothing a firewall can judge
    }
    try {
      out.add(new Login(LocalDateTime.parse(time.replaceAll(" +", " "), CTIME), account, address, source));
    } catch (DateTimeParseException e) {
      // not a time: not our line
    }
  }
}
