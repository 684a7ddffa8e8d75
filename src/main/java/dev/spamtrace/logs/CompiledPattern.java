package dev.spamtrace.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@link FormatRule.PatternRule}, compiled. */
final class CompiledPattern {
  private static final Pattern GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  final String id;
  final FormatRule format;
  final EventKind kind;
  final Pattern regex;
  final LineFormat lineFormat;
  final Pattern program;
  final List<String> fields;
  final int timeField;
  final TimeStyle timeStyle;
  final Map<Integer, Condition> where = new LinkedHashMap<>();
  final Map<Integer, Condition> unless = new LinkedHashMap<>();
  final ThreadLocal<Matcher> matcher;
  /** Text every line the regex matches must contain: tested with indexOf before the regex runs. */
  final String literal;

  CompiledPattern(FormatRule format, FormatRule.PatternRule r) {
    this.id = require(r.id(), "id", format);
    this.format = format;
    this.kind = EventKind.fromId(require(r.event(), "event of " + id, format));
    if ((r.regex() == null) == (r.logFormat() == null)) {
      throw new IllegalArgumentException(format.format() + "/" + id + ": give exactly one of regex and log-format");
    }
    this.program = r.program() == null ? null : Pattern.compile(r.program());
    if (r.regex() != null) {
      this.regex = Pattern.compile(r.regex());
      this.lineFormat = null;
      List<String> names = new ArrayList<>();
      Matcher g = GROUP.matcher(r.regex());
      while (g.find()) {
        names.add(g.group(1));
      }
      this.fields = List.copyOf(names);
      this.matcher = ThreadLocal.withInitial(() -> regex.matcher(""));
      this.literal = requiredLiteral(r.regex());
    } else {
      this.literal = null;
      this.regex = null;
      this.lineFormat = new LineFormat(r.logFormat(), r.dialect());
      this.fields = lineFormat.fields();
      this.matcher = null;
    }
    this.timeField = fields.indexOf("time");
    if (timeField >= 0) {
      String style = r.timeStyle() != null ? r.timeStyle() : (lineFormat != null ? "clf" : null);
      if (style == null) {
        throw new IllegalArgumentException(format.format() + "/" + id + ": a time field needs time-style");
      }
      this.timeStyle = TimeStyle.valueOf(style.toUpperCase(Locale.ROOT));
    } else {
      this.timeStyle = null;
    }
    for (Map.Entry<String, String> e : r.where().entrySet()) {
      where.put(fieldIndex(e.getKey()), Condition.of(e.getValue()));
    }
    for (Map.Entry<String, String> e : r.unless().entrySet()) {
      unless.put(fieldIndex(e.getKey()), Condition.of(e.getValue()));
    }
  }

  /**
   * A where/unless test on a field's whole value: a regex, or (the common case, e.g. a list of FTP
   * commands) a set of words when the regex is only an alternation of literals.
   */
  static final class Condition {
    private static final Pattern WORDS = Pattern.compile("(\\(\\?i\\))?[A-Za-z0-9_]+(\\|[A-Za-z0-9_]+)*");
    private final Pattern regex;
    private final java.util.Set<String> words;
    private final boolean ignoreCase;

    private Condition(Pattern regex, java.util.Set<String> words, boolean ignoreCase) {
      this.regex = regex;
      this.words = words;
      this.ignoreCase = ignoreCase;
    }

    static Condition of(String re) {
      if (WORDS.matcher(re).matches()) {
        boolean ci = re.startsWith("(?i)");
        java.util.Set<String> w = new java.util.HashSet<>();
        for (String s : (ci ? re.substring(4) : re).split("\\|")) {
          w.add(ci ? s.toUpperCase(Locale.ROOT) : s);
        }
        return new Condition(null, w, ci);
      }
      return new Condition(Pattern.compile(re), null, false);
    }

    boolean test(String line, int start, int end) {
      if (words != null) {
        if (end - start > 16) {
          return false;
        }
        String v = line.substring(start, end);
        return words.contains(ignoreCase ? v.toUpperCase(Locale.ROOT) : v);
      }
      return regex.matcher(line.subSequence(start, end)).matches();
    }
  }

  private int fieldIndex(String name) {
    int i = fields.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(format.format() + "/" + id + ": where/unless names a field it does not have: " + name);
    }
    return i;
  }

  private static String require(String v, String what, FormatRule f) {
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(f.format() + ": a pattern has no " + what);
    }
    return v;
  }

  int slots() {
    return fields.size() * 2;
  }

  /** Matches the message {@code line[from..]}; fills offsets. */
  boolean match(String line, int from, int[] off) {
    if (lineFormat != null) {
      if (!lineFormat.scan(line, from, off)) {
        return false;
      }
    } else {
      if (literal != null && line.indexOf(literal, from) < 0) {
        return false;
      }
      Matcher m = matcher.get();
      m.reset(line);
      m.region(from, line.length());
      if (!m.matches()) {
        m.reset("");
        return false;
      }
      for (int i = 0; i < fields.size(); i++) {
        off[2 * i] = m.start(groupNumber(i));
        off[2 * i + 1] = m.end(groupNumber(i));
      }
      m.reset("");
    }
    for (Map.Entry<Integer, Condition> e : where.entrySet()) {
      int i = e.getKey();
      if (off[2 * i] < 0 || !e.getValue().test(line, off[2 * i], off[2 * i + 1])) {
        return false;
      }
    }
    for (Map.Entry<Integer, Condition> e : unless.entrySet()) {
      int i = e.getKey();
      if (off[2 * i] >= 0 && e.getValue().test(line, off[2 * i], off[2 * i + 1])) {
        return false;
      }
    }
    return true;
  }

  private int[] groupNumbers;

  /** The group number of the i-th named group (named groups are numbered with the unnamed ones). */
  private int groupNumber(int i) {
    int[] g = groupNumbers;
    if (g == null) {
      g = new int[fields.size()];
      Map<String, Integer> named = namedGroups(regex.pattern());
      for (int k = 0; k < fields.size(); k++) {
        g[k] = named.get(fields.get(k));
      }
      groupNumbers = g;
    }
    return g[i];
  }

  /**
   * The longest run of literal characters outside any group, class or quantifier: text every match
   * must contain. Null when there is none of at least three characters, or when the regex has
   * flags or a top-level alternation that make the reading unsafe.
   */
  static String requiredLiteral(String re) {
    if (re.contains("(?i") || re.contains("(?x") || re.contains("\\Q")) {
      return null;
    }
    String best = "";
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < re.length()) {
      char c = re.charAt(i);
      Character lit = null;
      int next;
      if (c == '\\') {
        if (i + 1 >= re.length()) {
          return null;
        }
        char e = re.charAt(i + 1);
        next = i + 2;
        if (Character.isLetterOrDigit(e)) {
          best = longer(best, cur);
          i = next;
          continue;
        }
        lit = e;
      } else if (c == '(') {
        best = longer(best, cur);
        depth++;
        i++;
        continue;
      } else if (c == ')') {
        best = longer(best, cur);
        depth--;
        i++;
        continue;
      } else if (c == '[') {
        best = longer(best, cur);
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
          j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
          j++;
        }
        while (j < re.length() && re.charAt(j) != ']') {
          j += re.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        continue;
      } else if (c == '|') {
        if (depth == 0) {
          return null;
        }
        best = longer(best, cur);
        i++;
        continue;
      } else if (".^$*+?{}".indexOf(c) >= 0) {
        best = longer(best, cur);
        if (c == '{') {
          int close = re.indexOf('}', i);
          i = close < 0 ? re.length() : close + 1;
        } else {
          i++;
        }
        continue;
      } else {
        lit = c;
        next = i + 1;
      }
      boolean quantified = next < re.length() && "?*+{".indexOf(re.charAt(next)) >= 0;
      if (depth == 0 && !quantified) {
        cur.append(lit.charValue());
      } else {
        best = longer(best, cur);
      }
      i = next;
    }
    best = longer(best, cur);
    return best.length() >= 3 ? best : null;
  }

  private static String longer(String best, StringBuilder cur) {
    String s = cur.toString();
    cur.setLength(0);
    return s.length() > best.length() ? s : best;
  }

  /** Group numbers of named groups, counting every capturing group left to right. */
  static Map<String, Integer> namedGroups(String re) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int n = 0;
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < re.length() && re.charAt(i + 1) == 'Q') {
          int e = re.indexOf("\\E", i + 2);
          i = e < 0 ? re.length() : e + 1;
        } else {
          i++;
        }
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        continue;
      }
      if (c != '(') {
        continue;
      }
      if (i + 1 < re.length() && re.charAt(i + 1) == '?') {
        if (i + 2 < re.length() && re.charAt(i + 2) == '<' && i + 3 < re.length() && Character.isLetter(re.charAt(i + 3))) {
          n++;
          int close = re.indexOf('>', i);
          out.put(re.substring(i + 3, close), n);
        }
        continue;
      }
      n++;
    }
    return out;
  }
}
