package dev.spamtrace.support;

/**
 * Attacker-controlled text (file names, headers, log fields) made safe to print on a terminal:
 * control characters, including the ESC that starts ANSI sequences, are shown escaped.
 */
public final class Printable {
  private Printable() {}

  public static String of(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      if (control) {
        if (b == null) {
          b = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        b.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** Shortens long text for one line of a report, keeping the start. */
  public static String clip(String s, int max) {
    String p = of(s);
    return p.length() <= max ? p : p.substring(0, Math.max(0, max - 1)) + "…";
  }
}
