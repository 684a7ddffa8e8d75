package dev.spamtrace.host.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One rule file under {@code rules/host/}: the rules for one kind of record (processes, cron
 * entries, files in temporary places), the named lists they share, and how total weight maps to
 * severity.
 *
 * <p>Conditions ({@code when}) name a fact and a test, all of which must hold:
 * <ul>
 *   <li>{@code FACT: true|false|value} — equals (a missing fact is false);
 *   <li>{@code FACT-in: [globs]} or {@code FACT-in: $list} — the fact (or any element of a list
 *       fact) matches one; {@code FACT-not-in} the opposite;
 *   <li>{@code FACT-at-least: N}, {@code FACT-at-most: N} — numbers (a missing fact fails);
 *   <li>{@code FACT-matches: regex} — our own regex, searched in the fact's text;
 *   <li>{@code FACT-under: [$temporary, $docroots, /path]} — a path fact inside one of the places.
 * </ul>
 * Attacker-controlled values are only ever data to these tests, never part of a pattern.
 *
 * <br>{@code schema}: the file format version (1)
 * <br>{@code kind}: process, cron or payload
 * <br>{@code severity}: total weight at least the key gives that severity
 * <br>{@code findings}: finding kind → the total weight at least which a record becomes that finding
 * <br>{@code lists}: named lists of globs ({@code $name})
 * <br>{@code claims}: for processes: a name → the programs (exe file names, globs) that may carry it;
 *     an empty list means no program may (kernel thread names)
 * <br>{@code rules}: the rules
 */
public final class RuleSet {
  /** The file as written, read by Jackson. */
  record Source(int schema, String kind, Map<Integer, String> severity, Map<String, Integer> findings,
      Map<String, List<String>> lists, Map<String, List<String>> claims, List<Rule> rules) {}

  private static final ObjectMapper YAML = YAMLMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public static final String PROCESS = "rules/host/process.yml";
  public static final String CRON = "rules/host/cron.yml";
  public static final String PAYLOAD = "rules/host/payload.yml";

  private final Source source;
  /** This file's regexes, compiled once at load (a bad one fails the load, not a run). */
  private final Map<String, Pattern> patterns = new HashMap<>();

  private RuleSet(Source source) {
    this.source = new Source(source.schema(), source.kind(), source.severity(),
        source.findings() == null ? Map.of() : source.findings(), source.lists() == null ? Map.of() : source.lists(),
        source.claims() == null ? Map.of() : source.claims(), source.rules() == null ? List.of() : source.rules());
    for (Rule r : this.source.rules()) {
      r.when().forEach((k, v) -> {
        if (k.endsWith("-matches")) {
          patterns.computeIfAbsent(String.valueOf(v), Pattern::compile);
        }
      });
    }
  }

  /** A compiled regex of this file (read-only after load; a pattern from elsewhere is compiled on the spot). */
  private Pattern pattern(String regex) {
    Pattern p = patterns.get(regex);
    return p != null ? p : Pattern.compile(regex);
  }

  /** Loads a rule file from the classpath; a broken shipped file is a build error, so this throws. */
  public static RuleSet load(String resource) {
    try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("rule file " + resource + " is missing from the jar");
      }
      return new RuleSet(YAML.readValue(in, Source.class));
    } catch (IOException e) {
      throw new IllegalStateException("rule file " + resource + ": " + e.getMessage(), e);
    }
  }

  public int schema() {
    return source.schema();
  }

  public String kind() {
    return source.kind();
  }

  public Map<Integer, String> severity() {
    return source.severity();
  }

  public Map<String, Integer> findings() {
    return source.findings();
  }

  public Map<String, List<String>> lists() {
    return source.lists();
  }

  public Map<String, List<String>> claims() {
    return source.claims();
  }

  public List<Rule> rules() {
    return source.rules();
  }

  /** The severity for a total weight. */
  public Severity severityFor(int weight) {
    Severity s = Severity.INFO;
    for (Map.Entry<Integer, String> e : new TreeMap<>(severity()).entrySet()) {
      if (weight >= e.getKey()) {
        s = Severity.parse(e.getValue());
      }
    }
    return s;
  }

  /** Every rule over one record's facts. */
  public Verdict judge(Map<String, Object> facts, Places places) {
    List<Verdict.Hit> hits = new ArrayList<>();
    int total = 0;
    for (Rule r : rules()) {
      if (matches(r, facts, places)) {
        hits.add(new Verdict.Hit(r.id(), r.weight(), reason(r, facts)));
        total += r.weight();
      }
    }
    return new Verdict(hits, total, severityFor(total));
  }

  public boolean matches(Rule r, Map<String, Object> facts, Places places) {
    for (Map.Entry<String, Object> c : r.when().entrySet()) {
      if (!holds(c.getKey(), c.getValue(), facts, places)) {
        return false;
      }
    }
    return true;
  }

  /** The fact a condition key names, and its test ({@code in}, {@code not-in}, …, or {@code equals}). */
  public static String[] split(String key) {
    for (String op : new String[] {"-not-in", "-in", "-at-least", "-at-most", "-matches", "-under"}) {
      if (key.endsWith(op)) {
        return new String[] {key.substring(0, key.length() - op.length()), op.substring(1)};
      }
    }
    return new String[] {key, "equals"};
  }

  private boolean holds(String key, Object expected, Map<String, Object> facts, Places places) {
    String[] kp = split(key);
    Object fact = facts.get(kp[0]);
    switch (kp[1]) {
      case "in":
        return anyGlob(fact, list(expected));
      case "not-in":
        return !anyGlob(fact, list(expected));
      case "at-least":
        return fact instanceof Number n && n.longValue() >= ((Number) expected).longValue();
      case "at-most":
        return fact instanceof Number n && n.longValue() <= ((Number) expected).longValue();
      case "matches":
        return fact != null && pattern(String.valueOf(expected)).matcher(String.valueOf(fact)).find();
      case "under":
        if (!(fact instanceof String path)) {
          return false;
        }
        for (String place : places(expected, places)) {
          if (Glob.under(path, place)) {
            return true;
          }
        }
        return false;
      default:
        if (expected instanceof Boolean b) {
          return b.equals(fact != null && Boolean.TRUE.equals(fact));
        }
        return fact != null && String.valueOf(expected).equals(String.valueOf(fact));
    }
  }

  private List<String> places(Object expected, Places places) {
    List<String> out = new ArrayList<>();
    for (String p : asStrings(expected)) {
      if (p.startsWith("$")) {
        List<String> named = places.named(p.substring(1));
        out.addAll(named != null ? named : lists().getOrDefault(p.substring(1), List.of()));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** A list given inline or as {@code $name}. */
  public List<String> list(Object expected) {
    if (expected instanceof String s && s.startsWith("$")) {
      List<String> l = lists().get(s.substring(1));
      if (l == null) {
        throw new IllegalStateException("unknown list " + s);
      }
      return l;
    }
    return asStrings(expected);
  }

  private static List<String> asStrings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof Collection<?> c) {
      c.forEach(x -> out.add(String.valueOf(x)));
    } else if (o != null) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  private static boolean anyGlob(Object fact, List<String> globs) {
    if (fact instanceof Collection<?> c) {
      for (Object x : c) {
        if (anyGlob(x, globs)) {
          return true;
        }
      }
      return false;
    }
    if (fact == null) {
      return false;
    }
    String s = String.valueOf(fact);
    for (String g : globs) {
      if (Glob.matches(g, s)) {
        return true;
      }
    }
    return false;
  }

  /** The rule's reason with {@code {fact}} replaced by the (printable, clipped) fact values. */
  static Text reason(Rule r, Map<String, Object> facts) {
    return new Text(fill(r.reason().getOrDefault("en", r.title()), facts), fill(r.reason().getOrDefault("ja", r.title()), facts));
  }

  private static String fill(String template, Map<String, Object> facts) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      if (open < 0 || close < 0) {
        b.append(template, i, template.length());
        break;
      }
      b.append(template, i, open);
      String name = template.substring(open + 1, close);
      Object v = facts.get(name);
      b.append(v == null ? "?" : Printable.clip(v instanceof Collection<?> c ? String.join(", ", c.stream().map(String::valueOf).toList())
          : String.valueOf(v), 160));
      i = close + 1;
    }
    return b.toString();
  }

  /** Whether a name or argv0 claims to be a program the exe is not: the claimed name, or null. */
  public String claimedOtherProgram(String exeName, List<String> names) {
    for (String n : names) {
      List<String> programs = claims().get(n);
      if (programs == null) {
        continue;
      }
      boolean ok = false;
      for (String g : programs) {
        if (exeName != null && Glob.matches(g, exeName)) {
          ok = true;
          break;
        }
      }
      if (!ok) {
        return n;
      }
    }
    return null;
  }

  /** Facts a rule may name, per kind; the corpus test rejects anything else (a typo must not silently never match). */
  public static final Map<String, Set<String>> KNOWN_FACTS = new HashMap<>(Map.of(
      "process", Set.of("name", "argv0", "cmdline", "exe", "exe-name", "exe-deleted", "has-exe", "cwd", "user", "uid", "user-class",
          "kernel-thread", "claims-other-program", "claimed-name", "name-not-program", "outside-web-server", "mta-program",
          "smtp-connections", "smtp-remotes", "udp-sockets", "respawns", "respawn-period"),
      "cron", Set.of("user", "user-class", "source", "schedule", "command", "runs-from-temporary", "runs-from-hidden",
          "every-minutes", "respawned-processes", "paths"),
      "payload", Set.of("path", "owner", "owner-class", "type", "script-or-program", "extension", "executable", "in-hidden-folder",
          "content", "size", "mode")));
}
