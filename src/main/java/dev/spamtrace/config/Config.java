package dev.spamtrace.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The configuration: the documented defaults shipped in the jar ({@code config/spamtrace.yml},
 * never edited on a server), overlaid by local files. Each capability reads its own section into
 * its own record with {@link #section(String, Class)}; an unknown key in a section is an error, so
 * a typo is never silently ignored.
 */
public final class Config {
  /** Where the shipped defaults live on the classpath. */
  public static final String DEFAULTS = "config/spamtrace.yml";
  /** The local override read when it exists and no --config is given. */
  public static final Path SYSTEM_OVERRIDE = Path.of("/etc/spamtrace/spamtrace.yml");

  /**
   * The mappers, in a class of their own: building them is most of the cost of a first read, and
   * this way it happens on whichever thread reads first ({@link #readDefaultsAhead}), not on the
   * thread that merely mentions Config.
   */
  private static final class Mappers {
    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper SECTIONS =
        new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
  }

  private final JsonNode tree;
  private final List<String> sources;

  private Config(JsonNode tree, List<String> sources) {
    this.tree = tree;
    this.sources = List.copyOf(sources);
  }

  /** The shipped defaults alone. */
  public static Config defaults() {
    return new Config(loadDefaults(), List.of("classpath:" + DEFAULTS));
  }

  /**
   * The defaults overlaid by each file in order (later wins). Missing files are an error: a
   * configuration the operator named must be read.
   */
  public static Config load(List<Path> overrides) {
    ObjectNode tree = loadDefaults();
    List<String> sources = new ArrayList<>(List.of("classpath:" + DEFAULTS));
    for (Path p : overrides) {
      try {
        JsonNode o = Mappers.YAML.readTree(Files.readAllBytes(p));
        if (o != null && !o.isMissingNode() && !o.isNull()) {
          if (!o.isObject()) {
            throw new ConfigException(p + ": the top level must be a mapping");
          }
          merge(tree, (ObjectNode) o, p.toString(), "");
        }
        sources.add(p.toString());
      } catch (IOException e) {
        throw new ConfigException("cannot read configuration " + p + ": " + e.getMessage(), e);
      }
    }
    return new Config(tree, sources);
  }

  /** The defaults, then {@code /etc/spamtrace/spamtrace.yml} if present, then {@code extra}. */
  public static Config forRun(Path extra) {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(SYSTEM_OVERRIDE)) {
      files.add(SYSTEM_OVERRIDE);
    }
    if (extra != null) {
      files.add(extra);
    }
    return load(files);
  }

  /** This configuration with one more layer on top (used by tests and the demo). */
  public Config with(Map<String, Object> overlay) {
    ObjectNode copy = tree.deepCopy();
    merge(copy, Mappers.SECTIONS.valueToTree(overlay), "overlay", "");
    List<String> s = new ArrayList<>(sources);
    s.add("overlay");
    return new Config(copy, s);
  }

  /** The shipped defaults being read ahead (see {@link #readDefaultsAhead}); taken by the first load. */
  private static final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<ObjectNode>> AHEAD =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * Starts reading the shipped defaults on a background thread, so the YAML and binding
   * machinery warm up (a fifth of a second in a fresh JVM) while the command line is being set up.
   * The first {@link #load} takes the result; anything else reads them as usual.
   */
  public static void readDefaultsAhead() {
    java.util.concurrent.FutureTask<ObjectNode> task = new java.util.concurrent.FutureTask<>(() -> {
      ObjectNode tree = parseDefaults();
      // Binding a section once builds the mapper's record handling before a command needs it.
      Mappers.SECTIONS.treeToValue(tree.get("general"), GeneralSettings.class);
      return tree;
    });
    if (AHEAD.compareAndSet(null, task)) {
      Thread t = new Thread(task, "spamtrace-config-ahead");
      t.setDaemon(true);
      t.start();
    }
  }

  private static ObjectNode loadDefaults() {
    java.util.concurrent.Future<ObjectNode> ahead = AHEAD.getAndSet(null);
    if (ahead != null) {
      try {
        return ahead.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException e) {
        // read again below, where a failure is reported as usual
      }
    }
    return parseDefaults();
  }

  private static ObjectNode parseDefaults() {
    try (InputStream in = Config.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new ConfigException("shipped defaults " + DEFAULTS + " are missing from the jar");
      }
      return (ObjectNode) Mappers.YAML.readTree(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read shipped defaults: " + e.getMessage(), e);
    }
  }

  /**
   * Overlays {@code over} on {@code base}: mappings merge key by key, anything else replaces.
   * A key the defaults do not have is refused, so a misspelt option is reported, not ignored.
   */
  private static void merge(ObjectNode base, ObjectNode over, String file, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode existing = base.get(e.getKey());
      if (existing == null) {
        throw new ConfigException(file + ": unknown option '" + key + "' (see the documented defaults)");
      }
      if (existing.isObject() && e.getValue().isObject() && !isFreeForm(existing)) {
        merge((ObjectNode) existing, (ObjectNode) e.getValue(), file, key);
      } else {
        base.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Mappings whose keys are data (domains, users), not options: marked by an empty default. */
  private static boolean isFreeForm(JsonNode node) {
    return node.isObject() && node.isEmpty();
  }

  /**
   * Reads a section (dotted path, e.g. {@code mailqueue}) into a record whose components are the
   * kebab-case keys in camelCase.
   */
  public <T> T section(String path, Class<T> type) {
    JsonNode n = node(path);
    if (n.isMissingNode()) {
      throw new ConfigException("configuration section '" + path + "' is missing");
    }
    try {
      return Mappers.SECTIONS.treeToValue(n, type);
    } catch (IOException e) {
      throw new ConfigException("configuration section '" + path + "': " + e.getMessage(), e);
    }
  }

  /** The raw node at a dotted path, or a missing node. */
  public JsonNode node(String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n == null ? MissingNode.getInstance() : n;
  }

  /** Which files made this configuration, in order. */
  public List<String> sources() {
    return sources;
  }

  public GeneralSettings general() {
    return section("general", GeneralSettings.class);
  }

  public ServerSettings server() {
    return section("server", ServerSettings.class);
  }

  public UserSettings users() {
    return section("users", UserSettings.class);
  }
}
