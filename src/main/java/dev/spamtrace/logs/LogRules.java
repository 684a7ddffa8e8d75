package dev.spamtrace.logs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every log rule file shipped in the jar ({@code rules/logs/*.yml}, listed in
 * {@code rules/logs/index.txt}), loaded and checked: ids unique, regexes compile, fields named.
 */
public final class LogRules {
  public static final String FOLDER = "rules/logs/";

  private static final ObjectMapper YAML = new YAMLMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static volatile LogRules shipped;

  private final Map<String, FormatRule> formats;
  private final List<CompiledPattern> patterns;

  private LogRules(Map<String, FormatRule> formats) {
    this.formats = formats;
    List<CompiledPattern> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (FormatRule f : formats.values()) {
      for (String e : f.envelopes()) {
        Envelope.fromId(e);
      }
      for (FormatRule.PatternRule p : f.patterns()) {
        CompiledPattern c = new CompiledPattern(f, p);
        if (!ids.add(c.id)) {
          throw new IllegalArgumentException("pattern id " + c.id + " is used twice");
        }
        all.add(c);
      }
    }
    this.patterns = List.copyOf(all);
  }

  /** The rules shipped in the jar. */
  public static LogRules shipped() {
    LogRules r = shipped;
    if (r == null) {
      synchronized (LogRules.class) {
        r = shipped;
        if (r == null) {
          r = load();
          shipped = r;
        }
      }
    }
    return r;
  }

  private static LogRules load() {
    ClassLoader cl = LogRules.class.getClassLoader();
    Map<String, FormatRule> formats = new LinkedHashMap<>();
    try (InputStream idx = cl.getResourceAsStream(FOLDER + "index.txt")) {
      if (idx == null) {
        throw new IllegalStateException(FOLDER + "index.txt is missing from the jar");
      }
      for (String name : new String(idx.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        name = name.trim();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = cl.getResourceAsStream(FOLDER + name + ".yml")) {
          if (in == null) {
            throw new IllegalStateException(FOLDER + name + ".yml is listed in index.txt but missing");
          }
          FormatRule f = YAML.readValue(in, FormatRule.class);
          if (!name.equals(f.format())) {
            throw new IllegalStateException(FOLDER + name + ".yml declares format '" + f.format() + "'");
          }
          formats.put(name, f);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read log rules: " + e.getMessage(), e);
    }
    return new LogRules(formats);
  }

  /** Rules from the given files' contents (tests of the engine). */
  public static LogRules of(List<FormatRule> rules) {
    Map<String, FormatRule> m = new LinkedHashMap<>();
    rules.forEach(f -> m.put(f.format(), f));
    return new LogRules(m);
  }

  public Map<String, FormatRule> formats() {
    return formats;
  }

  List<CompiledPattern> patterns() {
    return patterns;
  }

  /** A parser for every format. */
  public LineParser parser() {
    return new LineParser(this, null);
  }

  /** A parser for some formats only; unknown names are an error. */
  public LineParser parser(List<String> formatNames) {
    for (String n : formatNames) {
      if (!formats.containsKey(n)) {
        throw new IllegalArgumentException("unknown log format '" + n + "' (known: " + String.join(", ", formats.keySet()) + ")");
      }
    }
    return new LineParser(this, Set.copyOf(formatNames));
  }
}
