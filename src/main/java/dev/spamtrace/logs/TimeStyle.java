package dev.spamtrace.logs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * The time stamp styles daemons write, parsed by hand (they are on every line of gigabytes of
 * logs). Each returns null for text that is not a valid stamp of its style; none throws.
 */
public enum TimeStyle {
  /** {@code Nov 27 23:24:42} (no year, local zone: RFC 3164), also {@code Feb 6 12:02:29}. */
  SYSLOG,
  /** {@code 2026-11-27T23:15:20.435628+00:00} (RFC 3339, rsyslog's default on Debian 12); zone optional. */
  RFC3339,
  /** {@code 2026-11-27 23:13:54,965}, {@code 2026-11-27 23:13:59}, {@code 2003-09-27 11:22:07.039237500}, optional {@code +0900}. */
  ISO,
  /** {@code Fri Nov 27 23:24:39 2026} (ctime(3): xferlog, vsftpd's own log; local zone). */
  CTIME,
  /** {@code 27/Nov/2026:23:11:50 +0000} (Apache/nginx {@code %t} without the brackets). */
  CLF,
  /** {@code 27-Nov-2026 23:24:42 UTC} (PHP's {@code d-M-Y H:i:s e}). */
  PHP,
  /** {@code 1063526289.292776} (qmail's fractional Unix time after its syslog tag). */
  UNIX,
  /** {@code @400000004c91b044077a9e94} (daemontools multilog TAI64N). */
  TAI64N;

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /** Parses {@code s[from, to)}. */
  public Instant parse(String s, int from, int to, TimeContext ctx) {
    try {
      return switch (this) {
        case SYSLOG -> syslog(s, from, to, ctx);
        case RFC3339 -> iso(s, from, to, ctx, 'T');
        case ISO -> iso(s, from, to, ctx, ' ');
        case CTIME -> ctime(s, from, to, ctx);
        case CLF -> clf(s, from, to, ctx);
        case PHP -> php(s, from, to, ctx);
        case UNIX -> unix(s, from, to);
        case TAI64N -> tai64n(s, from, to);
      };
    } catch (DateTimeException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  public Instant parse(String s, TimeContext ctx) {
    return parse(s, 0, s.length(), ctx);
  }

  /** The month 1–12 of a three-letter English abbreviation at {@code i}, or 0. */
  static int month(String s, int i) {
    if (i + 3 > s.length()) {
      return 0;
    }
    char a = s.charAt(i);
    char b = s.charAt(i + 1);
    char c = s.charAt(i + 2);
    for (int m = 0; m < 12; m++) {
      int k = m * 3;
      if (MONTHS.charAt(k) == a && MONTHS.charAt(k + 1) == b && MONTHS.charAt(k + 2) == c) {
        return m + 1;
      }
    }
    return 0;
  }

  static boolean dayName(String s, int i) {
    if (i + 3 > s.length()) {
      return false;
    }
    String d = s.substring(i, i + 3);
    return switch (d) {
      case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" -> true;
      default -> false;
    };
  }

  /** {@code n} decimal digits at {@code i}, or -1. */
  static int digits(String s, int i, int n) {
    if (i < 0 || i + n > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < n; k++) {
      char c = s.charAt(i + k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code HH:MM:SS} at {@code i} as seconds of the day, or -1. */
  static int clock(String s, int i) {
    int h = digits(s, i, 2);
    int m = digits(s, i + 3, 2);
    int sec = digits(s, i + 6, 2);
    if (h < 0 || m < 0 || sec < 0 || s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':' || h > 23 || m > 59 || sec > 60) {
      return -1;
    }
    return h * 3600 + m * 60 + Math.min(sec, 59);
  }

  /** Local date and seconds in a zone to an instant (the earlier offset in an overlap, as syslog would mean it). */
  static Instant local(int year, int month, int day, int secs, long nanos, ZoneId zone) {
    LocalDate d = LocalDate.of(year, month, day);
    long epochSecLocal = d.toEpochDay() * 86400L + secs;
    ZoneOffset off;
    if (zone instanceof ZoneOffset zo) {
      off = zo;
    } else {
      ZoneRules rules = zone.getRules();
      off = rules.getOffset(d.atStartOfDay().plusSeconds(secs));
    }
    return Instant.ofEpochSecond(epochSecLocal - off.getTotalSeconds(), nanos);
  }

  private static Instant syslog(String s, int from, int to, TimeContext ctx) {
    int mon = month(s, from);
    if (mon == 0 || s.charAt(from + 3) != ' ') {
      return null;
    }
    int i = from + 4;
    if (s.charAt(i) == ' ') {
      i++;
    }
    int day;
    if (i + 1 < to && Character.isDigit(s.charAt(i + 1))) {
      day = digits(s, i, 2);
      i += 2;
    } else {
      day = digits(s, i, 1);
      i += 1;
    }
    if (day < 1 || day > 31 || s.charAt(i) != ' ') {
      return null;
    }
    int secs = clock(s, i + 1);
    if (secs < 0 || i + 9 != to) {
      return null;
    }
    return withInferredYear(mon, day, secs, ctx);
  }

  /** The latest year that does not put the stamp more than a day after the reference (RFC 3164 has no year). */
  static Instant withInferredYear(int mon, int day, int secs, TimeContext ctx) {
    int year = ctx.reference().atZone(ctx.zone()).getYear();
    Instant limit = ctx.reference().plusSeconds(86400);
    for (int y = year; y >= year - 8; y--) {
      if (mon == 2 && day == 29 && !java.time.Year.isLeap(y)) {
        continue;
      }
      if (day > java.time.YearMonth.of(y, mon).lengthOfMonth()) {
        return null;
      }
      Instant t = local(y, mon, day, secs, 0, ctx.zone());
      if (!t.isAfter(limit)) {
        return t;
      }
    }
    return null;
  }

  private static Instant iso(String s, int from, int to, TimeContext ctx, char sep) {
    int y = digits(s, from, 4);
    int mo = digits(s, from + 5, 2);
    int d = digits(s, from + 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from + 10) != sep) {
      return null;
    }
    int secs = clock(s, from + 11);
    if (secs < 0) {
      return null;
    }
    int i = from + 19;
    long nanos = 0;
    if (i < to && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      int j = i + 1;
      int n = 0;
      while (j < to && Character.isDigit(s.charAt(j))) {
        if (n < 9) {
          nanos = nanos * 10 + (s.charAt(j) - '0');
        }
        n++;
        j++;
      }
      if (n == 0) {
        return null;
      }
      for (int k = n; k < 9; k++) {
        nanos *= 10;
      }
      i = j;
    }
    if (i == to) {
      return local(y, mo, d, secs, nanos, ctx.zone());
    }
    if (sep == ' ' && s.charAt(i) == ' ') {
      i++;
    }
    ZoneOffset off = offset(s, i, to);
    if (off == null) {
      return null;
    }
    return Instant.ofEpochSecond(LocalDate.of(y, mo, d).toEpochDay() * 86400L + secs - off.getTotalSeconds(), nanos);
  }

  /** {@code Z}, {@code +09:00} or {@code +0900} filling {@code s[i, to)}. */
  static ZoneOffset offset(String s, int i, int to) {
    if (to - i == 1 && s.charAt(i) == 'Z') {
      return ZoneOffset.UTC;
    }
    if (to - i != 5 && to - i != 6) {
      return null;
    }
    char sign = s.charAt(i);
    if (sign != '+' && sign != '-') {
      return null;
    }
    int h = digits(s, i + 1, 2);
    int m = to - i == 6 ? (s.charAt(i + 3) == ':' ? digits(s, i + 4, 2) : -1) : digits(s, i + 3, 2);
    if (h < 0 || m < 0 || h > 18 || m > 59) {
      return null;
    }
    int total = h * 3600 + m * 60;
    return ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
  }

  private static Instant ctime(String s, int from, int to, TimeContext ctx) {
    if (!dayName(s, from) || s.charAt(from + 3) != ' ') {
      return null;
    }
    int mon = month(s, from + 4);
    if (mon == 0 || s.charAt(from + 7) != ' ') {
      return null;
    }
    int i = from + 8;
    int day = s.charAt(i) == ' ' ? digits(s, i + 1, 1) : digits(s, i, 2);
    if (day < 1 || s.charAt(i + 2) != ' ') {
      return null;
    }
    int secs = clock(s, i + 3);
    int y = digits(s, i + 12, 4);
    if (secs < 0 || s.charAt(i + 11) != ' ' || y < 0 || i + 16 != to) {
      return null;
    }
    return local(y, mon, day, secs, 0, ctx.zone());
  }

  private static Instant clf(String s, int from, int to, TimeContext ctx) {
    int d = digits(s, from, 2);
    int mon = month(s, from + 3);
    int y = digits(s, from + 7, 4);
    if (d < 1 || mon == 0 || y < 0 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/' || s.charAt(from + 11) != ':') {
      return null;
    }
    int secs = clock(s, from + 12);
    if (secs < 0) {
      return null;
    }
    int i = from + 20;
    if (i == to || (i + 1 == to && s.charAt(i) == ' ')) {
      return local(y, mon, d, secs, 0, ctx.zone()); // fail2ban's sample "[31/Jan/2015:14:29:44 ]" has no zone
    }
    if (s.charAt(i) != ' ') {
      return null;
    }
    ZoneOffset off = offset(s, i + 1, to);
    if (off == null) {
      return null;
    }
    return Instant.ofEpochSecond(LocalDate.of(y, mon, d).toEpochDay() * 86400L + secs - off.getTotalSeconds());
  }

  private static Instant php(String s, int from, int to, TimeContext ctx) {
    int d = digits(s, from, 2);
    int mon = month(s, from + 3);
    int y = digits(s, from + 7, 4);
    if (d < 1 || mon == 0 || y < 0 || s.charAt(from + 2) != '-' || s.charAt(from + 6) != '-' || s.charAt(from + 11) != ' ') {
      return null;
    }
    int secs = clock(s, from + 12);
    if (secs < 0) {
      return null;
    }
    int i = from + 20;
    if (i == to) {
      return local(y, mon, d, secs, 0, ctx.zone());
    }
    if (s.charAt(i) != ' ') {
      return null;
    }
    String zone = s.substring(i + 1, to);
    ZoneId z;
    ZoneOffset off = offset(s, i + 1, to);
    if (off != null) {
      z = off;
    } else if (zone.matches("[A-Za-z][A-Za-z0-9_+/-]{0,40}")) {
      z = ZoneId.of(zone, ZoneId.SHORT_IDS);
    } else {
      return null;
    }
    return local(y, mon, d, secs, 0, z);
  }

  private static Instant unix(String s, int from, int to) {
    int dot = s.indexOf('.', from);
    int end = dot < 0 || dot > to ? to : dot;
    if (end - from < 1 || end - from > 11) {
      return null;
    }
    long secs = 0;
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      secs = secs * 10 + (c - '0');
    }
    long nanos = 0;
    if (end < to) {
      int n = 0;
      for (int i = end + 1; i < to; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        if (n++ < 9) {
          nanos = nanos * 10 + (c - '0');
        }
      }
      for (int k = n; k < 9; k++) {
        nanos *= 10;
      }
    }
    return Instant.ofEpochSecond(secs, nanos);
  }

  /**
   * TAI64N label: 2^62 + TAI seconds, then nanoseconds (cr.yp.to/libtai/tai64.html). TAI runs 10 s
   * ahead of the Unix epoch label; leap seconds since 1972 (27 so far) are not subtracted, so the
   * result can be up to half a minute late, like {@code tai64nlocal} without a leap table.
   */
  private static Instant tai64n(String s, int from, int to) {
    if (to - from != 25 || s.charAt(from) != '@') {
      return null;
    }
    long label = Long.parseUnsignedLong(s.substring(from + 1, from + 17), 16);
    long nanos = Long.parseLong(s.substring(from + 17, from + 25), 16);
    long secs = label - (1L << 62) - 10;
    if (nanos > 999_999_999L) {
      return null;
    }
    return Instant.ofEpochSecond(secs, nanos);
  }
}
