package dev.spamtrace.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code LogFormat} string (Apache httpd's mod_log_config, or ProFTPD's mod_log) compiled into a
 * scanner: literals must appear as written, each directive's value is cut at the literal that
 * follows it, quoted values end at the first unescaped quote (httpd writes {@code \"} inside
 * them). Much faster than a regex, and written the way the operator configured the daemon.
 */
final class LineFormat {
  enum Kind {
    /** Up to the next literal; not empty. */
    TOKEN,
    /** A {@code [..]} time stamp (CLF). */
    TIME,
    /** Digits or {@code -}. */
    NUMBER,
    /** Three digits. */
    STATUS,
    /** A request line: split into method, path, query, protocol. */
    REQUEST,
    /** Anything (quoted header values). */
    TEXT
  }

  record Directive(String field, Kind kind) {}

  /** Literal text, or a directive. */
  record Segment(String literal, Directive directive) {}

  private final String source;
  private final List<Segment> segments;
  private final List<String> fields = new ArrayList<>();
  private final int timeIndex;
  private final int requestIndex;

  /** Fields a request line adds after the directive's own. */
  static final List<String> REQUEST_PARTS = List.of("method", "path", "query", "protocol");

  LineFormat(String format, String dialect) {
    this.source = format;
    this.segments = compile(format, dialect == null ? "apache" : dialect);
    int t = -1;
    int r = -1;
    for (Segment s : segments) {
      if (s.directive() != null) {
        if (s.directive().kind() == Kind.TIME) {
          t = fields.size();
        }
        if (s.directive().kind() == Kind.REQUEST) {
          r = fields.size();
        }
        fields.add(s.directive().field());
      }
    }
    if (r >= 0) {
      fields.addAll(REQUEST_PARTS);
    }
    this.timeIndex = t;
    this.requestIndex = r;
  }

  String source() {
    return source;
  }

  /** Field names, in the order {@link #scan} fills offsets. */
  List<String> fields() {
    return fields;
  }

  int timeIndex() {
    return timeIndex;
  }

  private static List<Segment> compile(String f, String dialect) {
    List<Segment> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < f.length()) {
      char c = f.charAt(i);
      if (c != '%') {
        lit.append(c);
        i++;
        continue;
      }
      if (i + 1 < f.length() && f.charAt(i + 1) == '%') {
        lit.append('%');
        i += 2;
        continue;
      }
      int j = i + 1;
      String arg = null;
      if (j < f.length() && f.charAt(j) == '{') {
        int close = f.indexOf('}', j);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed %{ in log-format " + f);
        }
        arg = f.substring(j + 1, close);
        j = close + 1;
      }
      while (j < f.length() && (f.charAt(j) == '>' || f.charAt(j) == '<')) {
        j++;
      }
      if (j >= f.length()) {
        throw new IllegalArgumentException("log-format ends in a bare % : " + f);
      }
      char d = f.charAt(j);
      Directive dir = directive(d, arg, dialect, f);
      if (lit.length() > 0) {
        out.add(new Segment(lit.toString(), null));
        lit.setLength(0);
      }
      if (!out.isEmpty() && out.get(out.size() - 1).directive() != null) {
        throw new IllegalArgumentException("two directives with nothing between them in log-format " + f);
      }
      out.add(new Segment(null, dir));
      i = j + 1;
    }
    if (lit.length() > 0) {
      out.add(new Segment(lit.toString(), null));
    }
    return out;
  }

  private static Directive directive(char d, String arg, String dialect, String f) {
    if (arg != null && d == 'i') {
      return switch (arg.toLowerCase(java.util.Locale.ROOT)) {
        case "referer" -> new Directive("referer", Kind.TEXT);
        case "user-agent" -> new Directive("useragent", Kind.TEXT);
        case "x-forwarded-for" -> new Directive("forwardedfor", Kind.TEXT);
        case "host" -> new Directive("hostheader", Kind.TEXT);
        default -> new Directive(arg.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""), Kind.TEXT);
      };
    }
    boolean proftpd = dialect.equals("proftpd");
    return switch (d) {
      case 'h', 'a' -> new Directive("address", Kind.TOKEN);
      case 'l' -> new Directive("ident", Kind.TOKEN);
      case 'u' -> new Directive("user", Kind.TOKEN);
      case 'U' -> proftpd ? new Directive("user", Kind.TOKEN) : new Directive("path", Kind.TOKEN);
      case 't' -> new Directive("time", Kind.TIME);
      case 'r' -> new Directive("request", Kind.REQUEST);
      case 's' -> new Directive("status", Kind.STATUS);
      case 'b', 'B', 'O' -> new Directive("bytes", Kind.NUMBER);
      case 'I' -> new Directive("bytesin", Kind.NUMBER);
      case 'v', 'V' -> new Directive("vhost", Kind.TOKEN);
      case 'p' -> new Directive("port", Kind.NUMBER);
      case 'D', 'T' -> new Directive("duration", Kind.NUMBER);
      case 'f', 'F' -> proftpd ? new Directive("path", Kind.TOKEN) : new Directive("file", Kind.TOKEN);
      case 'm' -> new Directive("method", Kind.TOKEN);
      default -> throw new IllegalArgumentException("log-format directive %" + d + " is not supported in " + f);
    };
  }

  /**
   * Scans a whole line. On success fills {@code off} with start/end pairs per field (−1 for an
   * absent request part) and returns true.
   */
  boolean scan(String line, int from, int[] off) {
    int pos = from;
    int n = line.length();
    int fi = 0;
    for (int si = 0; si < segments.size(); si++) {
      Segment seg = segments.get(si);
      if (seg.literal() != null) {
        if (!line.startsWith(seg.literal(), pos)) {
          return false;
        }
        pos += seg.literal().length();
        continue;
      }
      Directive d = seg.directive();
      String next = si + 1 < segments.size() ? segments.get(si + 1).literal() : null;
      boolean quoted = si > 0 && segments.get(si - 1).literal() != null && segments.get(si - 1).literal().endsWith("\"")
          && next != null && next.startsWith("\"");
      int start = pos;
      int end;
      if (d.kind() == Kind.TIME) {
        if (pos >= n || line.charAt(pos) != '[') {
          return false;
        }
        int close = line.indexOf(']', pos);
        if (close < 0) {
          return false;
        }
        start = pos + 1;
        end = close;
        pos = close + 1;
      } else if (quoted) {
        end = closingQuote(line, pos);
        if (end < 0) {
          return false;
        }
        pos = end;
      } else if (next == null) {
        end = n;
        pos = n;
      } else {
        end = line.indexOf(next, pos);
        if (end < 0) {
          return false;
        }
        pos = end;
      }
      if (!valid(d.kind(), line, start, end)) {
        return false;
      }
      off[2 * fi] = start;
      off[2 * fi + 1] = end;
      fi++;
    }
    if (pos != n) {
      return false;
    }
    if (requestIndex >= 0) {
      splitRequest(line, off[2 * requestIndex], off[2 * requestIndex + 1], off, 2 * fi);
    }
    return true;
  }

  /** The next {@code "} not escaped by an odd number of backslashes. */
  private static int closingQuote(String s, int from) {
    int i = from;
    while (true) {
      int q = s.indexOf('"', i);
      if (q < 0) {
        return -1;
      }
      int bs = 0;
      for (int k = q - 1; k >= from && s.charAt(k) == '\\'; k--) {
        bs++;
      }
      if ((bs & 1) == 0) {
        return q;
      }
      i = q + 1;
    }
  }

  private static boolean valid(Kind k, String s, int start, int end) {
    switch (k) {
      case TOKEN:
        if (end <= start) {
          return false;
        }
        for (int i = start; i < end; i++) {
          if (s.charAt(i) == ' ') {
            return false;
          }
        }
        return true;
      case NUMBER:
        if (end - start == 1 && s.charAt(start) == '-') {
          return true;
        }
        if (end <= start || end - start > 19) {
          return false;
        }
        for (int i = start; i < end; i++) {
          char c = s.charAt(i);
          if (c < '0' || c > '9') {
            return false;
          }
        }
        return true;
      case STATUS:
        if (end - start != 3) {
          return false;
        }
        for (int i = start; i < end; i++) {
          char c = s.charAt(i);
          if (c < '0' || c > '9') {
            return false;
          }
        }
        return true;
      default:
        return true;
    }
  }

  /** {@code METHOD SP target [SP protocol]}; target split at the first {@code ?}. */
  private static void splitRequest(String s, int start, int end, int[] off, int at) {
    for (int k = at; k < at + 8; k++) {
      off[k] = -1;
    }
    int sp = s.indexOf(' ', start);
    if (sp < 0 || sp >= end) {
      if (end > start && !(end - start == 1 && s.charAt(start) == '-')) {
        off[at] = start;
        off[at + 1] = end;
      }
      return;
    }
    off[at] = start;
    off[at + 1] = sp;
    int targetStart = sp + 1;
    int targetEnd = end;
    int last = s.lastIndexOf(' ', end - 1);
    if (last > sp && s.startsWith("HTTP/", last + 1)) {
      off[at + 6] = last + 1;
      off[at + 7] = end;
      targetEnd = last;
    }
    int q = s.indexOf('?', targetStart);
    if (q >= 0 && q < targetEnd) {
      off[at + 2] = targetStart;
      off[at + 3] = q;
      off[at + 4] = q + 1;
      off[at + 5] = targetEnd;
    } else {
      off[at + 2] = targetStart;
      off[at + 3] = targetEnd;
    }
  }
}
