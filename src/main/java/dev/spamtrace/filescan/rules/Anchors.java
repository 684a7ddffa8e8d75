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
    List<String> a = prefixes(re);
    if (a == null) {
      return null;
    }
    for (String x : a) {
      if (!usable(x)) {
        return null;
      }
    }
    return a;
  }

  /**
   * Long enough to be rare: three characters, or two that begin an escape sequence ({@code \x},
   * {@code \1}), which code outside string literals never holds.
   */
  private static boolean usable(String anchor) {
    return anchor.length() >= 3 || anchor.length() == 2 && anchor.charAt(0) == '\\';
  }

  /** The literals every match starts with (of any length), or null when some match may start otherwise. */
  private static List<String> prefixes(String re) {
    List<String> top = splitTop(re);
    if (top.size() > 1) {
      List<String> out = new ArrayList<>();
      for (String alt : top) {
        List<String> sub = prefixes(alt);
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
      if (end < 0 || optional(re, end + 1)) {
        return null; // an optional group anchors nothing
      }
      // A group repeated at least once ((?:\\x[0-9a-f]{2}){24}) starts with one of its own alternatives.
      for (String alt : splitTop(re.substring(i + 3, end))) {
        List<String> sub = prefixes(alt);
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
      List<String> sub = prefixes(re.substring(after));
      if (sub == null) {
        return null;
      }
      List<String> combined = new ArrayList<>();
      for (String x : sub) {
        combined.add(w + x);
      }
      return combined;
    }
    if (w.length() < 3 && !w.isEmpty() && after < re.length() && re.charAt(after) == '[') {
      // A short prefix followed by a small class: "\\[0-7]{3}" anchors on "\0" … "\7".
      String members = classMembers(re, after);
      if (members != null) {
        List<String> expanded = new ArrayList<>();
        for (char c : members.toCharArray()) {
          expanded.add(w + Character.toLowerCase(c));
        }
        return expanded;
      }
    }
    return w.isEmpty() ? null : List.of(w);
  }

  /** Whether what follows a group or character at {@code k} lets it occur zero times. */
  private static boolean optional(String re, int k) {
    return k < re.length() && (re.charAt(k) == '?' || re.charAt(k) == '*' || re.startsWith("{0", k));
  }

  /** The characters of a small plain class ([0-7], [ab]) at {@code open} that must occur at least once, or null. */
  private static String classMembers(String re, int open) {
    int close = re.indexOf(']', open + 1);
    if (close < 0 || re.charAt(open + 1) == '^' || optional(re, close + 1)) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int k = open + 1; k < close; k++) {
      char c = re.charAt(k);
      if (!Character.isLetterOrDigit(c)) {
        return null;
      }
      if (k + 2 < close && re.charAt(k + 1) == '-') {
        char to = re.charAt(k + 2);
        for (char x = c; x <= to; x++) {
          b.append(x);
        }
        k += 2;
      } else {
        b.append(c);
      }
    }
    return b.length() == 0 || b.length() > 8 ? null : b.toString();
  }

  /** Word characters, quotes (and escaped $ and \\) at {@code i}, stopping before a quantified last character. */
  private static String leadingWord(String s, int i) {
    StringBuilder b = new StringBuilder();
    int k = i;
    while (k < s.length()) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length() && "$_.\\\"".indexOf(s.charAt(k + 1)) >= 0) {
        b.append(s.charAt(k + 1));
        k += 2;
      } else if (Character.isLetterOrDigit(c) || "_ :/<>-=\"'".indexOf(c) >= 0) {
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
