package dev.spamtrace.logs;

/**
 * How a line starts before the message that a format's patterns read. Parsed by hand: this runs
 * on every line. A match records where the time stamp is (parsed only when an event is kept),
 * the syslog tag and pid, and where the message starts.
 */
enum Envelope {
  /**
   * {@code TIME HOST TAG[PID]: MESSAGE} (RFC 3164 and rsyslog's RFC 3339 variant), also
   * {@code TAG: MESSAGE} and ProFTPD's {@code TAG[PID] MESSAGE} (its SystemLog writes no colon, and
   * an ISO time with a comma: {@code 2026-11-27 23:13:54,965 vm proftpd[11938] …}).
   */
  SYSLOG("syslog"),
  /** A syslog envelope whose message starts with a ctime stamp (vsftpd logging through syslog with its own date). */
  SYSLOG_CTIME("syslog+ctime"),
  /** {@code Fri Nov 27 23:24:39 2026 MESSAGE} (vsftpd's own log, xferlog). */
  CTIME("ctime"),
  /** {@code 2026-11-27 23:13:59[.fff][ +0900] MESSAGE} (Exim's mainlog; qmail under multilog + tai64nlocal). */
  ISO("iso"),
  /** {@code [27-Nov-2026 23:24:42 UTC] MESSAGE} (PHP's mail.log). */
  PHP("php"),
  /** {@code @400000004c91b044077a9e94 MESSAGE} (daemontools multilog). */
  TAI64N("tai64n"),
  /** {@code @400000004c91b044077a9e94 TAG: MESSAGE} (multilog of a daemon that names itself: Dovecot). */
  TAI64N_TAG("tai64n+tag"),
  /** The whole line is the message; a pattern may carry its own time field (access logs). */
  NONE("none");

  private final String id;

  Envelope(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  static Envelope fromId(String id) {
    for (Envelope e : values()) {
      if (e.id.equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown envelope '" + id + "' (syslog, syslog+ctime, ctime, iso, php, tai64n, none)");
  }

  /** Where the parts of one line's envelope are; reused per line to avoid garbage. */
  static final class Match {
    int timeStart = -1;
    int timeEnd = -1;
    TimeStyle timeStyle;
    int tagStart = -1;
    int tagEnd = -1;
    int pidStart = -1;
    int pidEnd = -1;
    int message;

    void reset() {
      timeStart = timeEnd = tagStart = tagEnd = pidStart = pidEnd = -1;
      timeStyle = null;
      message = 0;
    }

    void copyFrom(Match o) {
      timeStart = o.timeStart;
      timeEnd = o.timeEnd;
      timeStyle = o.timeStyle;
      tagStart = o.tagStart;
      tagEnd = o.tagEnd;
      pidStart = o.pidStart;
      pidEnd = o.pidEnd;
      message = o.message;
    }

    String tag(String line) {
      return tagStart < 0 ? null : line.substring(tagStart, tagEnd);
    }

    String pid(String line) {
      return pidStart < 0 ? null : line.substring(pidStart, pidEnd);
    }
  }

  /** Fills {@code m} and returns true when the line starts with this envelope. */
  boolean match(String s, Match m) {
    m.reset();
    int n = s.length();
    switch (this) {
      case NONE:
        return true;
      case CTIME: {
        int end = ctimeEnd(s, 0);
        if (end < 0 || end >= n || s.charAt(end) != ' ') {
          return false;
        }
        m.timeStart = 0;
        m.timeEnd = end;
        m.timeStyle = TimeStyle.CTIME;
        m.message = end + 1;
        return true;
      }
      case ISO: {
        int end = isoEnd(s, 0, ' ');
        if (end < 0 || end >= n) {
          return false;
        }
        m.timeStart = 0;
        m.timeEnd = end;
        m.timeStyle = TimeStyle.ISO;
        int msg = end + 1;
        // an optional numeric zone after the time (Exim's log_timezone)
        if (msg + 5 < n && (s.charAt(msg) == '+' || s.charAt(msg) == '-') && TimeStyle.digits(s, msg + 1, 4) >= 0
            && s.charAt(msg + 5) == ' ') {
          m.timeEnd = msg + 5;
          msg += 6;
        }
        m.message = msg;
        return true;
      }
      case PHP: {
        if (n < 23 || s.charAt(0) != '[') {
          return false;
        }
        int close = s.indexOf("] ", 21);
        if (close < 0 || close > 64) {
          return false;
        }
        m.timeStart = 1;
        m.timeEnd = close;
        m.timeStyle = TimeStyle.PHP;
        m.message = close + 2;
        return true;
      }
      case TAI64N: {
        if (n < 27 || s.charAt(0) != '@' || s.charAt(25) != ' ') {
          return false;
        }
        for (int i = 1; i < 25; i++) {
          if (Character.digit(s.charAt(i), 16) < 0) {
            return false;
          }
        }
        m.timeStart = 0;
        m.timeEnd = 25;
        m.timeStyle = TimeStyle.TAI64N;
        m.message = 26;
        return true;
      }
      case TAI64N_TAG: {
        if (!TAI64N.match(s, m)) {
          return false;
        }
        int i = m.message;
        int start = i;
        while (i < n && s.charAt(i) != ':' && s.charAt(i) != ' ' && s.charAt(i) != '[') {
          i++;
        }
        if (i == start || i + 1 >= n || s.charAt(i) != ':' || s.charAt(i + 1) != ' ') {
          return false;
        }
        m.tagStart = start;
        m.tagEnd = i;
        m.message = i + 2;
        return true;
      }
      case SYSLOG:
        return syslog(s, m);
      case SYSLOG_CTIME: {
        if (!syslog(s, m)) {
          return false;
        }
        int msg = m.message;
        int end = ctimeEnd(s, msg);
        if (end < 0 || end >= n || s.charAt(end) != ' ') {
          return false;
        }
        m.timeStart = msg;
        m.timeEnd = end;
        m.timeStyle = TimeStyle.CTIME;
        m.message = end + 1;
        return true;
      }
      default:
        return false;
    }
  }

  /** End of a ctime stamp at {@code i} ({@code Fri Nov 27 23:24:39 2026}, day space-padded), or -1. */
  static int ctimeEnd(String s, int i) {
    if (i + 24 > s.length() || !TimeStyle.dayName(s, i) || s.charAt(i + 3) != ' ' || TimeStyle.month(s, i + 4) == 0
        || s.charAt(i + 7) != ' ' || s.charAt(i + 10) != ' ' || s.charAt(i + 13) != ':' || s.charAt(i + 19) != ' '
        || TimeStyle.digits(s, i + 20, 4) < 0) {
      return -1;
    }
    return i + 24;
  }

  /** End of {@code YYYY-MM-DD?HH:MM:SS[.,frac]} at {@code i}, or -1. */
  static int isoEnd(String s, int i, char sep) {
    if (i + 19 > s.length() || TimeStyle.digits(s, i, 4) < 0 || s.charAt(i + 4) != '-' || s.charAt(i + 7) != '-'
        || s.charAt(i + 10) != sep || s.charAt(i + 13) != ':' || s.charAt(i + 16) != ':'
        || TimeStyle.digits(s, i + 17, 2) < 0) {
      return -1;
    }
    int j = i + 19;
    if (j < s.length() && (s.charAt(j) == '.' || s.charAt(j) == ',')) {
      j++;
      int k = j;
      while (j < s.length() && Character.isDigit(s.charAt(j))) {
        j++;
      }
      if (j == k) {
        return -1;
      }
    }
    return j;
  }

  private static boolean syslog(String s, Match m) {
    int n = s.length();
    int timeEnd;
    TimeStyle style;
    if (n > 16 && TimeStyle.month(s, 0) != 0 && s.charAt(3) == ' ') {
      // "Nov 27 23:24:42", "Feb  6 12:02:29" or "Feb 6 12:02:29"
      int i = 4;
      if (s.charAt(i) == ' ') {
        i++;
      }
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
      i += Character.isDigit(s.charAt(i + 1)) ? 2 : 1;
      if (i + 9 > n || s.charAt(i) != ' ' || s.charAt(i + 3) != ':' || s.charAt(i + 6) != ':') {
        return false;
      }
      timeEnd = i + 9;
      style = TimeStyle.SYSLOG;
    } else if (n > 20 && s.charAt(4) == '-' && s.charAt(10) == 'T') {
      int e = isoEnd(s, 0, 'T');
      if (e < 0) {
        return false;
      }
      // zone: Z or +HH:MM
      if (e < n && s.charAt(e) == 'Z') {
        e++;
      } else if (e + 6 <= n && (s.charAt(e) == '+' || s.charAt(e) == '-') && s.charAt(e + 3) == ':') {
        e += 6;
      }
      timeEnd = e;
      style = TimeStyle.RFC3339;
    } else if (n > 20 && s.charAt(4) == '-' && s.charAt(10) == ' ') {
      int e = isoEnd(s, 0, ' ');
      if (e < 0) {
        return false;
      }
      timeEnd = e;
      style = TimeStyle.ISO;
    } else {
      return false;
    }
    if (timeEnd >= n || s.charAt(timeEnd) != ' ') {
      return false;
    }
    int hostStart = timeEnd + 1;
    int hostEnd = s.indexOf(' ', hostStart);
    if (hostEnd <= hostStart) {
      return false;
    }
    int tagStart = hostEnd + 1;
    int i = tagStart;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '[' || c == ':' || c == ' ') {
        break;
      }
      i++;
    }
    if (i == tagStart || i >= n) {
      return false;
    }
    int tagEnd = i;
    int pidStart = -1;
    int pidEnd = -1;
    if (s.charAt(i) == '[') {
      int close = s.indexOf(']', i);
      if (close < 0 || close == i + 1 || close - i > 12) {
        return false;
      }
      for (int k = i + 1; k < close; k++) {
        if (!Character.isDigit(s.charAt(k))) {
          return false;
        }
      }
      pidStart = i + 1;
      pidEnd = close;
      i = close + 1;
      if (i < n && s.charAt(i) == ':') {
        i++;
      }
    } else if (s.charAt(i) == ':') {
      i++;
    } else {
      return false;
    }
    if (i >= n || s.charAt(i) != ' ') {
      return false;
    }
    m.timeStart = 0;
    m.timeEnd = timeEnd;
    m.timeStyle = style;
    m.tagStart = tagStart;
    m.tagEnd = tagEnd;
    m.pidStart = pidStart;
    m.pidEnd = pidEnd;
    m.message = i + 1;
    return true;
  }
}
