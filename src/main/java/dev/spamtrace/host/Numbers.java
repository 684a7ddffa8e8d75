package dev.spamtrace.host;

/** Lenient number parsing for system files: malformed input gives null or a default, never an exception. */
public final class Numbers {
  private Numbers() {}

  public static Integer intOrNull(String s) {
    Long l = longOrNull(s);
    return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : (int) (long) l;
  }

  public static Long longOrNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    if (t.isEmpty() || t.length() > 19) {
      return null;
    }
    long v = 0;
    int i = 0;
    boolean neg = t.charAt(0) == '-';
    if (neg) {
      i = 1;
      if (t.length() == 1) {
        return null;
      }
    }
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
  }

  public static long longOr(String s, long dflt) {
    Long l = longOrNull(s);
    return l == null ? dflt : l;
  }

  public static int intOr(String s, int dflt) {
    Integer i = intOrNull(s);
    return i == null ? dflt : i;
  }
}
