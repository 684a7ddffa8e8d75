package dev.spamtrace.filescan.rules;

import dev.spamtrace.filescan.php.Folder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Scans one file's bytes for web shells and mass mailers: de-obfuscates (bounded in depth and
 * size), then runs every rule whose literals occur. Pure (bytes in, result out) and thread-safe:
 * the public API other capabilities call on a file they found ({@code tmp-payload} in /tmp, a
 * script a process runs, a mail's attachment).
 *
 * <pre>{@code
 * ScanResult r = PhpScanner.standard().scan(bytes);
 * if (r.verdict() == Verdict.MALICIOUS) { ... r.hits() ... }
 * }</pre>
 */
public final class PhpScanner {
  /**
   * Bounds of one scan.
   *
   * @param maxDepth how many times a decoded payload may itself be decoded
   * @param maxDecodedBytes how many bytes all decoding of one file may produce
   */
  public record Limits(int maxDepth, int maxDecodedBytes) {
    public static Limits defaults() {
      return new Limits(6, 8 << 20);
    }
  }

  /** What a file is, by its worst rule. */
  public enum Verdict { CLEAN, SUSPICIOUS, MALICIOUS }

  /**
   * One rule that matched.
   *
   * @param layer where: {@code code}, {@code source} or {@code decoded: gzinflate(base64_decode('§'))}
   * @param snippet the text around the match, de-obfuscated
   */
  public record Hit(Rule rule, String layer, String snippet) {}

  /**
   * What scanning one file gave.
   *
   * @param notes what de-obfuscation did (decoded chains, variable functions resolved)
   * @param layers how many texts were scanned (the code and each decoded payload)
   */
  public record ScanResult(List<Hit> hits, List<String> notes, int layers) {
    public Verdict verdict() {
      Verdict v = Verdict.CLEAN;
      for (Hit h : hits) {
        if (h.rule().level() == Rule.Level.MALICIOUS) {
          return Verdict.MALICIOUS;
        }
        v = Verdict.SUSPICIOUS;
      }
      return v;
    }

    public List<String> ruleIds() {
      return hits.stream().map(h -> h.rule().id()).toList();
    }
  }

  /**
   * What folded code needs to hold for any rule to match it: request input in any spelling the
   * lexer resolves ($_POST, ${'_PO'.'ST'}, $$name, $GLOBALS, php://input, headers), a decoder, a
   * code-running construct, or a family's own marker. Every rule either needs {INPUT} or one of
   * these; a file without any (and without the other entry points of {@link #worthFolding}) is only
   * scanned as source. Case-insensitive literals.
   */
  static final List<String> FOLD_TRIGGERS = List.copyOf(List.of(
      "$_post", "$_get", "$_request", "$_cookie", "$_files", "'http_", "\"http_", "$http_", "${", "$$", "$globals",
      "php://", "getallheaders", "filter_input", "apache_request_headers", "import_request", "extract(", "extract (",
      "\\x", "chr(", "chr (", "base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "strrev", "hex2bin",
      "convert_uu", "urldecode", "eval(", "eval (", "assert(", "assert (", "create_function", "filesman", "b374k", "c99", "r57",
      "sh3ll", "priv8", "xploit", "file_put_contents", "copy(", "copy (", "str_replace('", "str_replace(\"", "str_replace (", "set_time_limit", "ignore_user_abort", "fsockopen", "stream_socket_", "socket_create"));

  /** The fold triggers alone, for the text read with string joints removed. */
  private static final LiteralIndex TRIGGERS = LiteralIndex.of(FOLD_TRIGGERS);

  private final RuleSet rules;
  private final Limits limits;

  /** Folds every file, prefilter or not: the reference the prefilter is tested against. */
  private final boolean foldAlways;

  public PhpScanner(RuleSet rules, Limits limits) {
    this(rules, limits, false);
  }

  private PhpScanner(RuleSet rules, Limits limits, boolean foldAlways) {
    this.rules = rules;
    this.limits = limits;
    this.foldAlways = foldAlways;
  }

  /** A scanner that folds every file: what the prefilter must never differ from. */
  static PhpScanner foldingEverything(RuleSet rules, Limits limits) {
    return new PhpScanner(rules, limits, true);
  }

  private static volatile PhpScanner standard;

  /** The bundled rules with the default limits. */
  public static PhpScanner standard() {
    PhpScanner s = standard;
    if (s == null) {
      s = new PhpScanner(RuleSet.bundled(), Limits.defaults());
      standard = s;
    }
    return s;
  }

  public RuleSet rules() {
    return rules;
  }

  public ScanResult scan(byte[] bytes) {
    return scan(bytes, bytes.length, bytes.length);
  }

  /** Scans text that is already one char per byte. */
  public ScanResult scan(String text, long size) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return scan(b, b.length, size);
  }

  /**
   * Scans the first {@code length} bytes of a file of {@code size} bytes.
   */
  public ScanResult scan(byte[] bytes, int length, long size) {
    List<Hit> hits = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    BitSet matched = new BitSet(rules.rules().size());
    int[][] raw = rules.rawPositions(bytes, length);
    String text = null;
    BitSet sourceRules = rules.candidates(raw, Rule.Layer.SOURCE);
    if (!sourceRules.isEmpty()) {
      text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      run(text, raw, sourceRules, "source", size, matched, hits);
    }
    int layers = 1;
    // Code with none of the fold triggers can reach no rule through folding: skip the lexer.
    if (!worthFolding(bytes, length, raw)) {
      return new ScanResult(List.copyOf(hits), List.of(), layers);
    }
    Deque<Object[]> todo = new ArrayDeque<>();
    int budget = limits.maxDecodedBytes();
    if (rules.has(raw, RuleSet.OPEN_TAG)) {
      todo.add(new Object[] {Folder.fold(bytes, length, budget), "code", 0});
    } else {
      runCode(text != null ? text : new String(bytes, 0, length, StandardCharsets.ISO_8859_1), "code", size, matched, hits);
    }
    while (!todo.isEmpty()) {
      Object[] item = todo.poll();
      Folder.Folded f = (Folder.Folded) item[0];
      String name = (String) item[1];
      int depth = (Integer) item[2];
      notes.addAll(f.notes());
      runCode(f.text(), name, size, matched, hits);
      for (Folder.Payload p : f.payloads()) {
        if (depth + 1 > limits.maxDepth() || budget <= 0) {
          notes.add("not decoded further: depth or size limit reached at " + p.chain());
          continue;
        }
        budget -= p.value().length();
        layers++;
        String chain = p.chain().length() > 120 ? p.chain().substring(0, 119) + "…" : p.chain();
        todo.add(new Object[] {Folder.foldPayload(p.value(), Math.max(0, budget)), "decoded: " + chain, depth + 1});
      }
    }
    return new ScanResult(List.copyOf(hits), notes.size() > 20 ? List.copyOf(notes.subList(0, 20)) : List.copyOf(notes), layers);
  }

  /**
   * Whether folding could show a rule something the raw bytes do not: a fold trigger occurs, a
   * variable is called as a function ({@code $f(…)}, {@code $a[0](…)}: the name it holds may be
   * assembled from pieces), or a trigger appears once string literals joined by {@code .} are
   * read as one ({@code 'base'.'64_decode'}, {@code 'php:/'.'/input'}, {@code $_SERVER['HT'.'TP_X']}).
   * A file for which this is false is scanned as source only.
   */
  boolean worthFolding(byte[] b, int n, int[][] raw) {
    return foldAlways || rules.has(raw, RuleSet.TRIGGER) || callsVariableOrJoinsLiterals(b, n);
  }

  /** The bytes the fused pass below stops at: {@code $}, {@code '} and {@code "}. */
  private static final boolean[] STOP = new boolean[256];

  static {
    STOP['$'] = true;
    STOP['\''] = true;
    STOP['"'] = true;
  }

  /**
   * Whether a variable is called as a function ({@code $name(}, {@code $name[…](}, spaces allowed
   * before the parenthesis), or a fold trigger appears in the text with every quote-dot-quote
   * joint removed. One pass for both: each alone cost as much as the literal automaton's pass.
   *
   * <p>Joints: inside a string a joint is removed too, which only finds more, never less. Called
   * when no trigger occurs as written, so only a trigger spanning a joint is new: the automaton
   * runs only from the longest trigger's length before each joint to as far after it.
   */
  static boolean callsVariableOrJoinsLiterals(byte[] b, int n) {
    int reach = TRIGGERS.longest();
    int state = LiteralIndex.start();
    int runUntil = -1;
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      if (STOP[c & 0xff]) {
        if (c == '$') {
          if (variableCallAt(b, i, n)) {
            return true;
          }
        } else {
          int j = joint(b, i, n);
          if (j >= 0) {
            if (i >= runUntil) {
              state = LiteralIndex.start();
              for (int k = Math.max(0, i - reach); k < i; k++) {
                state = TRIGGERS.step(state, b[k]);
              }
            }
            // The closing quote, the dot and the next opening quote are not part of the joined text.
            runUntil = j + 1 + reach;
            i = j;
            continue;
          }
        }
      }
      if (i < runUntil && (state = TRIGGERS.step(state, c)) < 0) {
        return true;
      }
    }
    return false;
  }

  /** At a {@code $}: whether a variable (or one index of it) is called here. */
  private static boolean variableCallAt(byte[] b, int i, int n) {
    int j = i + 1;
    while (j < n && nameByte(b[j])) {
      j++;
    }
    if (j == i + 1) {
      return false;
    }
    int k = skipSpace(b, j, n);
    if (k < n && b[k] == '[') {
      // One index of a short constant ($a[0], $f['x']): the array-function form.
      int close = k + 1;
      while (close < n && close < k + 40 && b[close] != ']' && b[close] != '\n' && b[close] != ';') {
        close++;
      }
      if (close < n && b[close] == ']') {
        k = skipSpace(b, close + 1, n);
      }
    }
    return k < n && b[k] == '(';
  }

  /** At a quote: the index of the next literal's opening quote when a joint ({@code ' . '}) starts here, else -1. */
  private static int joint(byte[] b, int i, int n) {
    int j = skipSpace(b, i + 1, n);
    if (j < n && b[j] == '.') {
      j = skipSpace(b, j + 1, n);
      if (j < n && (b[j] == '\'' || b[j] == '"')) {
        return j;
      }
    }
    return -1;
  }

  private static int skipSpace(byte[] b, int i, int n) {
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static boolean nameByte(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c < 0;
  }

  private void runCode(String text, String layerName, long size, BitSet matched, List<Hit> hits) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    int[][] starts = rules.positions(b, b.length);
    BitSet cand = rules.candidates(starts, Rule.Layer.CODE);
    if (!cand.isEmpty()) {
      run(text, starts, cand, layerName, size, matched, hits);
    }
  }

  private void run(String text, int[][] starts, BitSet cand, String layerName, long size, BitSet matched, List<Hit> hits) {
    List<Rule> all = rules.rules();
    for (int r = cand.nextSetBit(0); r >= 0; r = cand.nextSetBit(r + 1)) {
      if (matched.get(r)) {
        continue;
      }
      Rule rule = all.get(r);
      if (rule.maxSize() > 0 && size > rule.maxSize()) {
        continue;
      }
      int[] where = rule.match(text, starts);
      if (where != null) {
        matched.set(r);
        hits.add(new Hit(rule, layerName, snippet(text, where)));
      }
    }
  }

  /** The match with some context, at most 400 characters, UTF-8 decoded for people. */
  static String snippet(String text, int[] where) {
    int from = Math.max(0, where[0] - 80);
    int to = Math.min(text.length(), Math.max(where[1], where[0]) + 160);
    to = Math.min(to, from + 400);
    String s = text.substring(from, to);
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return (from > 0 ? "…" : "") + new String(b, StandardCharsets.UTF_8) + (to < text.length() ? "…" : "");
  }
}
