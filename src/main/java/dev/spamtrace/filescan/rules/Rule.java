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
    long maxSize) {

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
   */
  public int[] match(CharSequence text) {
    int[] where = null;
    for (Pattern p : all) {
      Matcher m = p.matcher(text);
      if (!m.find()) {
        return null;
      }
      if (where == null) {
        where = new int[] {m.start(), m.end()};
      }
    }
    if (!any.isEmpty()) {
      boolean one = false;
      for (Pattern p : any) {
        Matcher m = p.matcher(text);
        if (m.find()) {
          one = true;
          if (where == null) {
            where = new int[] {m.start(), m.end()};
          }
          break;
        }
      }
      if (!one) {
        return null;
      }
    }
    for (Pattern p : none) {
      if (p.matcher(text).find()) {
        return null;
      }
    }
    return where == null ? new int[] {0, 0} : where;
  }
}
