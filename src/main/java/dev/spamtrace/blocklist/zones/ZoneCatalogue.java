package dev.spamtrace.blocklist.zones;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of DNS lists shipped in the jar ({@code blocklist/zones.yml}). Data, not code: a
 * list that dies or changes its codes is a change to that file, linted by the build.
 */
public final class ZoneCatalogue {
  public static final String RESOURCE = "blocklist/zones.yml";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Map<String, Zone> zones;

  private ZoneCatalogue(List<Zone> list) {
    Map<String, Zone> m = new LinkedHashMap<>();
    for (Zone z : list) {
      if (m.put(z.zone().toLowerCase(Locale.ROOT), z) != null) {
        throw new IllegalArgumentException("zone listed twice in the catalogue: " + z.zone());
      }
    }
    this.zones = m;
  }

  record File(List<Zone> zones) {}

  /** The shipped catalogue. */
  public static ZoneCatalogue shipped() {
    try (InputStream in = ZoneCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses a catalogue (the shipped file's format; enum values as the file writes them, e.g. {@code self-service}). */
  public static ZoneCatalogue parse(InputStream in) throws IOException {
    File f = YAML.readValue(in, File.class);
    return new ZoneCatalogue(f.zones() == null ? List.of() : f.zones());
  }

  /** This catalogue plus the lists of another (an operator's own file); a zone name may not appear in both. */
  public ZoneCatalogue plus(ZoneCatalogue extra) {
    List<Zone> all = new ArrayList<>(zones.values());
    all.addAll(extra.all());
    return new ZoneCatalogue(all);
  }

  public List<Zone> all() {
    return List.copyOf(zones.values());
  }

  public Optional<Zone> find(String zone) {
    return Optional.ofNullable(zones.get(zone.toLowerCase(Locale.ROOT).replaceAll("\\.$", "")));
  }

  /**
   * The zones checked when none are named: the catalogue's default set of the given target, never a
   * dead list, and key-needing lists only when a key is configured.
   */
  public List<Zone> defaults(Zone.Target target, Map<String, String> keys) {
    List<Zone> out = new ArrayList<>();
    for (Zone z : zones.values()) {
      if (z.target() == target && !z.isDead() && (z.byDefault() || z.needsKey() && keys.containsKey(z.zone()))) {
        out.add(z);
      }
    }
    return out;
  }
}
