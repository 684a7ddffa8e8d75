package dev.spamtrace.filescan.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words a pattern's match must start with, read from the pattern itself: a leading literal
 * ({@code preg_replace\s*\(}, {@code \$_COOKIE\[}) or a leading group of alternatives each starting
 * with a word ({@code (?:eval|assert|create_function)}), after an optional look-behind. A pattern
 * with anchors is tried only where one occurs, instead of at every position of the text: Java's
 * regex engine has no prefilter for case-insensitive or look-behind-led patterns, and trying one
 * at every byte costs more than all the rest of a scan.
 */
final class Anchors {
  /** Matches never start further than this from... they start at the anchor; this bounds their length. */
  static final int WINDOW = 4096;

  private Anchors() {}

  private static final java.util.Map<String, List<String>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  /** The anchors of a compiled pattern (cached), or null. */
  static List<String> of(java.util.regex.Pattern p) {
    List<String> a = CACHE.computeIfAbsent(p.pattern(), k -> {
      List<String> x = of(k);
      return x == null ? List.of() : List.copyOf(x);
    });
    return a.isEmpty() ? null : a;
  }

  /** The anchors of an expanded pattern, lower case, or null when it has none usable. */
  static List<String> of(String re) {
    List<String> top = splitTop(re);
    if (top.size() > 1) {
      List<String> out = new ArrayList<>();
      for (String alt : top) {
        List<String> sub = of(alt);
        if (sub == null) {
          return null;
        }
        out.addAll(sub);
      }
      return out;
    }
    int i = 0;
    // An optional look-behind, or several.
    while (re.startsWith("(?<", i)) {
      int end = closing(re, i);
      if (end < 0) {
        return null;
      }
      i = end + 1;
    }
    List<String> out = new ArrayList<>();
    if (re.startsWith("(?:", i)) {
      int end = closing(re, i);
      if (end < 0 || end + 1 < re.length() && "?*{".indexOf(re.charAt(end + 1)) >= 0) {
        return null; // an optional group anchors nothing
      }
      for (String alt : splitTop(re.substring(i + 3, end))) {
        List<String> sub = of(alt);
        if (sub == null) {
          return null;
        }
        out.addAll(sub);
      }
      return out;
    }
    String w = leadingWord(re, i);
    int after = i + rawLength(re, i, w);
    if (w.length() < 3 && re.startsWith("(?:", after)) {
      // A short prefix followed by alternatives: "->(?:addAddress|setTo)" anchors on "->addaddress", "->setto".
      List<String> sub = of(re.substring(after));
      if (sub == null) {
        return null;
      }
      List<String> combined = new ArrayList<>();
      for (String x : sub) {
        combined.add(w + x);
      }
      return combined;
    }
    return w.length() >= 3 ? List.of(w) : null;
  }

  /** Word characters (and escaped $) at {@code i}, stopping before a quantified last character. */
  private static String leadingWord(String s, int i) {
    StringBuilder b = new StringBuilder();
    int k = i;
    while (k < s.length()) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length() && "$_.".indexOf(s.charAt(k + 1)) >= 0) {
        b.append(s.charAt(k + 1));
        k += 2;
      } else if (Character.isLetterOrDigit(c) || "_ :/<>-=".indexOf(c) >= 0) {
        b.append(c);
        k++;
      } else {
        break;
      }
      // A quantifier after a character makes that character optional: drop it.
      if (k < s.length() && "?*{".indexOf(s.charAt(k)) >= 0) {
        b.setLength(Math.max(0, b.length() - 1));
        break;
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** How many pattern characters {@link #leadingWord} read to produce {@code w}. */
  private static int rawLength(String s, int i, String w) {
    int k = i;
    int got = 0;
    while (k < s.length() && got < w.length()) {
      k += s.charAt(k) == '\\' ? 2 : 1;
      got++;
    }
    return k - i;
  }

  private static int closing(String s, int open) {
    int depth = 0;
    boolean inClass = false;
    for (int k = open; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\') {
        k++;
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (--depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }

  private static List<String> splitTop(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean inClass = false;
    int start = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\') {
        k++;
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == '|' && depth == 0) {
        out.add(s.substring(start, k));
        start = k + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
