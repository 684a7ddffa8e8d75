package dev.spamtrace.filescan.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spamtrace.incident.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every web-shell and mailer rule, loaded from the rule files listed in
 * {@code rules/webshell/index.txt}, with their literals compiled into one {@link LiteralIndex}.
 * Loading also lints the corpus: a rule without a positive sample, a file without a negative
 * sample, a duplicate id, an unknown macro or an unbounded wildcard ({@code .*}) stops the load,
 * so a broken rule never ships.
 */
public final class RuleSet {
  public static final String DIR = "rules/webshell/";
  private static final ObjectMapper YAML = new YAMLMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Pattern MACRO = Pattern.compile("\\{([A-Z][A-Z0-9_]*)\\}");
  /** A wildcard repeated without bound: slow on big files and a ReDoS risk (fail2ban #3370). */
  private static final Pattern UNBOUNDED = Pattern.compile("(?<!\\\\)(\\.|\\])[*+]|\\\\[SWD][*+]");
  private static final Set<String> STATUSES = Set.of("stable", "test", "experimental");

  private final List<RuleFile> files;
  private final List<Rule> rules;
  private final List<String> literals;
  private final LiteralIndex index;
  private final int[] literalLengths;
  private final LiteralIndex sourceIndex;
  private final int[] sourceIds;
  private final int[] sourceLengths;
  private final int[][] rulesByLiteral;
  /** Literal ids of the request-input markers; a rule whose patterns all need {INPUT} needs one of them. */
  private final BitSet inputLiterals = new BitSet();
  private final BitSet needsInput = new BitSet();
  private final Map<String, String> macros;

  private RuleSet(List<RuleFile> files, List<Rule> rules, List<String> literals, Map<String, String> macros) {
    this.files = List.copyOf(files);
    this.rules = List.copyOf(rules);
    this.literals = List.copyOf(literals);
    this.index = LiteralIndex.of(literals);
    this.literalLengths = literals.stream().mapToInt(String::length).toArray();
    java.util.TreeSet<Integer> src = new java.util.TreeSet<>();
    for (Rule r : rules) {
      if (r.layer() == Rule.Layer.SOURCE) {
        for (int a : r.atoms()) {
          src.add(a);
        }
        for (int[][] group : new int[][][] {r.allAnchors(), r.anyAnchors(), r.noneAnchors()}) {
          for (int[] ids : group) {
            if (ids != null) {
              for (int a : ids) {
                src.add(a);
              }
            }
          }
        }
      }
    }
    this.sourceIds = src.stream().mapToInt(Integer::intValue).toArray();
    List<String> raw = new ArrayList<>(java.util.Arrays.stream(sourceIds).mapToObj(literals::get).toList());
    raw.addAll(PhpScanner.FOLD_TRIGGERS);
    raw.add("<?");
    this.sourceIndex = LiteralIndex.of(raw);
    this.sourceLengths = raw.stream().mapToInt(String::length).toArray();
    this.macros = Map.copyOf(macros);
    for (int r = 0; r < rules.size(); r++) {
      if (rules.get(r).needsInput()) {
        needsInput.set(r);
      }
    }
    for (String m : INPUT_LITERALS) {
      int k = literals.indexOf(m);
      if (k >= 0) {
        inputLiterals.set(k);
      }
    }
    List<List<Integer>> by = new ArrayList<>();
    for (int i = 0; i < literals.size(); i++) {
      by.add(new ArrayList<>());
    }
    for (int r = 0; r < rules.size(); r++) {
      for (int a : rules.get(r).atoms()) {
        by.get(a).add(r);
      }
    }
    rulesByLiteral = by.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  private static volatile RuleSet bundled;

  /** The rules shipped in the jar (loaded once). */
  public static RuleSet bundled() {
    RuleSet r = bundled;
    if (r == null) {
      synchronized (RuleSet.class) {
        if (bundled == null) {
          bundled = loadBundled();
        }
        r = bundled;
      }
    }
    return r;
  }

  private static RuleSet loadBundled() {
    try {
      String index = resource(DIR + "index.txt");
      Map<String, String> macros = parseMacros(resource(DIR + "macros.yml"));
      List<RuleFile> files = new ArrayList<>();
      for (String line : index.split("\n")) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        files.add(parse(resource(DIR + name), name));
      }
      return of(files, macros);
    } catch (IOException e) {
      throw new IllegalStateException("cannot load the bundled rules: " + e.getMessage(), e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Parses one rule file. */
  public static RuleFile parse(String yaml, String name) throws IOException {
    try {
      return YAML.readValue(yaml, RuleFile.class);
    } catch (IOException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, String> parseMacros(String yaml) throws IOException {
    Map<String, Object> m = YAML.readValue(yaml, Map.class);
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** Compiles and lints rule files; throws {@link IllegalArgumentException} naming every problem. */
  /** How request input reads in folded code (lower case): what {INPUT} can match starts with one of these. */
  static final List<String> INPUT_LITERALS = List.of("$_post", "$_get", "$_request", "$_cookie", "$_taint", "$_files",
      "$_server['http_", "php://input", "getallheaders", "$http_");

  public static RuleSet of(List<RuleFile> files, Map<String, String> macros) {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    List<String> literals = new ArrayList<>(INPUT_LITERALS);
    Map<String, Integer> literalIds = new LinkedHashMap<>();
    for (int k = 0; k < literals.size(); k++) {
      literalIds.put(literals.get(k), k);
    }
    Set<String> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (RuleFile f : files) {
      String where = "rule file " + f.family();
      if (f.family() == null || !f.family().matches("[a-z0-9-]{2,40}")) {
        problems.add(where + ": family must be lower-case letters, digits and dashes");
      }
      if (blank(f.title()) || blank(f.description())) {
        problems.add(where + ": title and description are required");
      }
      if (f.rules().isEmpty()) {
        problems.add(where + ": no rules");
      }
      Set<String> positive = new HashSet<>();
      boolean negative = false;
      for (RuleFile.Sample s : f.samples()) {
        if (blank(s.name()) || s.content() == null) {
          problems.add(where + ": every sample needs a name and content");
        }
        if (s.expect().isEmpty()) {
          negative = true;
        }
        positive.addAll(s.expect());
      }
      if (!negative) {
        problems.add(where + ": no negative sample (a sample with expect: [])");
      }
      Set<String> own = new HashSet<>();
      for (RuleFile.RuleSpec r : f.rules()) {
        String rw = where + " rule " + r.id();
        own.add(r.id());
        if (r.id() == null || !r.id().startsWith(f.family() + ".") || !r.id().matches("[a-z0-9.-]{3,80}")) {
          problems.add(rw + ": id must be '" + f.family() + ".name' in lower case");
        }
        if (!ids.add(String.valueOf(r.id()))) {
          problems.add(rw + ": duplicate id");
        }
        if (blank(r.title()) || blank(r.description())) {
          problems.add(rw + ": title and description are required");
        } else if (!titles.add(r.title())) {
          problems.add(rw + ": duplicate title '" + r.title() + "'");
        }
        if (r.falsepositives().isEmpty()) {
          problems.add(rw + ": falsepositives must say what legitimate code could match (or 'none known')");
        }
        if (!STATUSES.contains(String.valueOf(r.status()))) {
          problems.add(rw + ": status must be stable, test or experimental");
        }
        if (!positive.contains(r.id())) {
          problems.add(rw + ": has no positive sample (no sample expects it)");
        }
        if (r.all().isEmpty() && r.any().isEmpty()) {
          problems.add(rw + ": needs 'all' or 'any' patterns");
        }
        Rule.Level level;
        Severity severity;
        Rule.Layer layer;
        try {
          level = Rule.Level.parse(r.level());
          severity = Severity.parse(String.valueOf(r.severity()));
          layer = Rule.Layer.parse(r.layer());
        } catch (IllegalArgumentException e) {
          problems.add(rw + ": " + e.getMessage());
          continue;
        }
        int[] atoms = new int[r.atoms().size()];
        for (int k = 0; k < atoms.length; k++) {
          String a = r.atoms().get(k).toLowerCase(java.util.Locale.ROOT);
          if (a.length() < 2) {
            problems.add(rw + ": atom '" + a + "' is shorter than 2 characters");
          }
          atoms[k] = literalIds.computeIfAbsent(a, x -> {
            literals.add(x);
            return literals.size() - 1;
          });
        }
        List<java.util.regex.Pattern> all = compile(r.all(), macros, rw, problems);
        List<java.util.regex.Pattern> any = compile(r.any(), macros, rw, problems);
        List<java.util.regex.Pattern> none = compile(r.none(), macros, rw, problems);
        boolean needsInput = r.all().stream().anyMatch(x -> x.contains("{INPUT}"))
            || !r.any().isEmpty() && r.all().isEmpty() && r.any().stream().allMatch(x -> x.contains("{INPUT}"));
        rules.add(new Rule(r.id(), f.family(), r.title(), r.description(), level, severity, r.status(), r.references(),
            r.falsepositives(), layer, atoms, all, any, none, r.maxSize(), needsInput,
            anchorIds(all, literals, literalIds), anchorIds(any, literals, literalIds), anchorIds(none, literals, literalIds)));
      }
      for (String e : positive) {
        if (!own.contains(e)) {
          problems.add(where + ": a sample expects '" + e + "', which is not a rule of this file");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the web-shell rules do not load:\n  " + String.join("\n  ", problems));
    }
    return new RuleSet(files, rules, literals, macros);
  }

  /** The literal ids of each pattern's anchors, adding the anchors to the literal list. */
  private static int[][] anchorIds(List<Pattern> patterns, List<String> literals, Map<String, Integer> ids) {
    int[][] out = new int[patterns.size()][];
    for (int k = 0; k < patterns.size(); k++) {
      List<String> a = Anchors.of(patterns.get(k));
      if (a == null) {
        continue;
      }
      out[k] = a.stream().distinct().mapToInt(x -> ids.computeIfAbsent(x, y -> {
        literals.add(y);
        return literals.size() - 1;
      })).toArray();
    }
    return out;
  }

  private static List<Pattern> compile(List<String> regexes, Map<String, String> macros, String where, List<String> problems) {
    List<Pattern> out = new ArrayList<>();
    for (String re : regexes) {
      String expanded = expand(re, macros, where, problems);
      if (UNBOUNDED.matcher(re).find()) {
        problems.add(where + ": unbounded wildcard in /" + re + "/; bound it ({0,200})");
      }
      try {
        out.add(Pattern.compile(expanded, Pattern.CASE_INSENSITIVE));
      } catch (PatternSyntaxException e) {
        problems.add(where + ": bad pattern /" + re + "/: " + e.getDescription());
      }
    }
    return out;
  }

  private static String expand(String re, Map<String, String> macros, String where, List<String> problems) {
    Matcher m = MACRO.matcher(re);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String v = macros.get(m.group(1));
      if (v == null) {
        problems.add(where + ": unknown macro {" + m.group(1) + "}");
        v = "";
      }
      m.appendReplacement(b, Matcher.quoteReplacement("(?:" + v + ")"));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  public List<RuleFile> files() {
    return files;
  }

  public List<Rule> rules() {
    return rules;
  }

  public Map<String, String> macros() {
    return macros;
  }

  /** Where every literal (atoms, input markers, anchors) occurs in {@code text}. */
  int[][] positions(CharSequence text) {
    return index.positions(text, literalLengths);
  }

  /**
   * Where the source layer's literals occur in a file's raw bytes (the few literals its rules
   * need, a small automaton), plus whether any fold trigger or a PHP open tag occurs: one pass
   * over every file. Ids are the rule set's; the last two slots are {@link #TRIGGER} and
   * {@link #OPEN_TAG}.
   */
  int[][] rawPositions(byte[] text, int n) {
    int[][] small = sourceIndex.positions(text, n, sourceLengths);
    int[][] out = new int[literals.size() + 2][];
    for (int k = 0; k < sourceIds.length; k++) {
      out[sourceIds[k]] = small[k];
    }
    for (int k = sourceIds.length; k < small.length; k++) {
      if (small[k] != null) {
        if (k == small.length - 1) {
          out[literals.size() + OPEN_TAG] = small[k];
        } else {
          out[literals.size() + TRIGGER] = small[k];
        }
      }
    }
    return out;
  }

  static final int TRIGGER = 0;
  static final int OPEN_TAG = 1;

  boolean has(int[][] raw, int which) {
    return raw[literals.size() + which] != null;
  }

  /** Where every literal occurs in a folded layer. */
  int[][] positions(byte[] text, int n) {
    return index.positions(text, n, literalLengths);
  }

  /** Which rules of {@code layer} are worth trying on {@code text}: their atoms occur, or they have none. */
  BitSet candidates(CharSequence text, Rule.Layer layer) {
    return candidates(positions(text), layer);
  }

  BitSet candidates(int[][] starts, Rule.Layer layer) {
    BitSet found = new BitSet(literals.size());
    for (int k = 0; k < literals.size(); k++) {
      if (starts[k] != null) {
        found.set(k);
      }
    }
    BitSet out = new BitSet(rules.size());
    boolean input = found.intersects(inputLiterals);
    for (int lit = found.nextSetBit(0); lit >= 0; lit = found.nextSetBit(lit + 1)) {
      for (int r : rulesByLiteral[lit]) {
        if (rules.get(r).layer() == layer && (input || !needsInput.get(r))) {
          out.set(r);
        }
      }
    }
    for (int r = 0; r < rules.size(); r++) {
      if (rules.get(r).atoms().length == 0 && rules.get(r).layer() == layer && (input || !needsInput.get(r))) {
        out.set(r);
      }
    }
    return out;
  }

  List<String> literals() {
    return literals;
  }
}
