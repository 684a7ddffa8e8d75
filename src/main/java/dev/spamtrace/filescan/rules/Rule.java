package dev.spamtrace.filescan.rules;

import dev.spamtrace.incident.Severity;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled rule.
 *
 * @param level what a match makes the file
 * @param layer where it looks
 * @param atoms literal ids in the {@link RuleSet}'s index; empty means always tried
 * @param needsInput true when every way it can match needs request input ({INPUT}), so it is
 *     tried only where some appears
 */
public record Rule(
    String id,
    String family,
    String title,
    String description,
    Level level,
    Severity severity,
    String status,
    List<String> references,
    List<String> falsepositives,
    Layer layer,
    int[] atoms,
    List<Pattern> all,
    List<Pattern> any,
    List<Pattern> none,
    long maxSize,
    boolean needsInput) {

  /** What a match makes a file. */
  public enum Level {
    SUSPICIOUS, MALICIOUS;

    static Level parse(String s) {
      return switch (s == null ? "" : s) {
        case "malicious" -> MALICIOUS;
        case "suspicious" -> SUSPICIOUS;
        default -> throw new IllegalArgumentException("level must be malicious or suspicious, not " + s);
      };
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Where a rule looks. */
  public enum Layer {
    /** The de-obfuscated code and every payload decoded from it. */
    CODE,
    /** The file's bytes as they are. */
    SOURCE;

    static Layer parse(String s) {
      return switch (s) {
        case "code" -> CODE;
        case "source" -> SOURCE;
        default -> throw new IllegalArgumentException("layer must be code or source, not " + s);
      };
    }
  }

  /**
   * Where the rule matched in {@code text}: the region of its first {@code all} (or {@code any})
   * pattern, or null when it does not match.
   *
   * @param lower {@code text} in ASCII lower case (for finding anchors)
   */
  public int[] match(String text, String lower) {
    int[] where = null;
    for (Pattern p : all) {
      int[] m = find(p, text, lower);
      if (m == null) {
        return null;
      }
      // The last pattern is the most specific one (the data flow, not the loop around it).
      where = m;
    }
    if (!any.isEmpty()) {
      int[] one = null;
      for (Pattern p : any) {
        one = find(p, text, lower);
        if (one != null) {
          break;
        }
      }
      if (one == null) {
        return null;
      }
      where = one;
    }
    for (Pattern p : none) {
      if (find(p, text, lower) != null) {
        return null;
      }
    }
    return where == null ? new int[] {0, 0} : where;
  }

  /** Tries the pattern at each anchor occurrence (or everywhere when it has no anchors). */
  static int[] find(Pattern p, String text, String lower) {
    List<String> anchors = Anchors.of(p);
    Matcher m = p.matcher(text);
    if (anchors == null) {
      return m.find() ? new int[] {m.start(), m.end()} : null;
    }
    m.useTransparentBounds(true).useAnchoringBounds(false);
    int best = -1;
    int bestEnd = -1;
    for (String a : anchors) {
      int from = 0;
      while (true) {
        int at = lower.indexOf(a, from);
        if (at < 0 || best >= 0 && at >= best) {
          break;
        }
        m.region(at, Math.min(text.length(), at + Anchors.WINDOW));
        if (m.lookingAt()) {
          best = at;
          bestEnd = m.end();
          break;
        }
        from = at + 1;
      }
    }
    return best < 0 ? null : new int[] {best, bestEnd};
  }
}
