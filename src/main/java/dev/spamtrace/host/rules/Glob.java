package dev.spamtrace.host.rules;

/** Shell-style {@code *} and {@code ?} matching over whole strings, without regexes (names are attacker data). */
public final class Glob {
  private Glob() {}

  public static boolean matches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /**
   * Whether a server path is a place or inside it; each {@code /}-separated part of the place may
   * be a glob ({@code /home/*}{@code /public_html}).
   */
  public static boolean under(String path, String place) {
    if (path == null || path.isEmpty() || !path.startsWith("/")) {
      return false;
    }
    String[] pp = place.split("/");
    String[] xp = path.split("/");
    if (xp.length < pp.length) {
      return false;
    }
    for (int i = 0; i < pp.length; i++) {
      if (!matches(pp[i], xp[i])) {
        return false;
      }
    }
    return true;
  }
}
