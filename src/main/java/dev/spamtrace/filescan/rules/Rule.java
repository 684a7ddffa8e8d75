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
 * @param allAnchors for each pattern of {@code all}, the literal ids its matches start with (null: none known)
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
    boolean needsInput,
    int[][] allAnchors,
    int[][] anyAnchors,
    int[][] noneAnchors) {

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
   * Where the rule matched in {@code text}: the region of its last {@code all} pattern (the most
   * specific), or of the {@code any} pattern that matched, or null when it does not match.
   *
   * @param starts where each literal of the rule set occurs in {@code text} ({@link LiteralIndex#positions})
   */
  public int[] match(String text, int[][] starts) {
    int[] where = null;
    for (int k = 0; k < all.size(); k++) {
      int[] m = find(all.get(k), allAnchors[k], text, starts);
      if (m == null) {
        return null;
      }
      where = m;
    }
    if (!any.isEmpty()) {
      int[] one = null;
      for (int k = 0; k < any.size() && one == null; k++) {
        one = find(any.get(k), anyAnchors[k], text, starts);
      }
      if (one == null) {
        return null;
      }
      where = one;
    }
    for (int k = 0; k < none.size(); k++) {
      if (find(none.get(k), noneAnchors[k], text, starts) != null) {
        return null;
      }
    }
    return where == null ? new int[] {0, 0} : where;
  }

  /** Tries the pattern at each occurrence of its anchors (or everywhere when it has none). */
  static int[] find(Pattern p, int[] anchors, String text, int[][] starts) {
    Matcher m = p.matcher(text);
    if (anchors == null) {
      return m.find() ? new int[] {m.start(), m.end()} : null;
    }
    m.useTransparentBounds(true).useAnchoringBounds(false);
    int best = -1;
    int bestEnd = -1;
    for (int a : anchors) {
      int[] at = starts[a];
      if (at == null) {
        continue;
      }
      for (int pos : at) {
        if (best >= 0 && pos >= best) {
          break;
        }
        m.region(pos, Math.min(text.length(), pos + Anchors.WINDOW));
        if (m.lookingAt()) {
          best = pos;
          bestEnd = m.end();
          break;
        }
      }
    }
    return best < 0 ? null : new int[] {best, bestEnd};
  }
}
