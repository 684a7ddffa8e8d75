package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which lists a run checks: the named ones (from --zone or the configuration), else the catalogue's default set. */
public final class Zones {
  private Zones() {}

  /** The shipped catalogue, plus {@code blocklist.catalogue-extra} when set. */
  public static ZoneCatalogue catalogue(BlocklistSettings s) {
    ZoneCatalogue shipped = ZoneCatalogue.shipped();
    if (s.catalogueExtra() == null || s.catalogueExtra().isBlank()) {
      return shipped;
    }
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(s.catalogueExtra()))) {
      return shipped.plus(ZoneCatalogue.parse(in));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("blocklist.catalogue-extra " + s.catalogueExtra() + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param named zone names; a name the catalogue does not know is an error (a typo must not silently check nothing)
   */
  public static List<Zone> choose(ZoneCatalogue catalogue, List<String> named, Zone.Target target, Map<String, String> keys) {
    if (named == null || named.isEmpty()) {
      return catalogue.defaults(target, keys);
    }
    List<Zone> out = new ArrayList<>();
    for (String n : named) {
      Zone z = catalogue.find(n).orElseThrow(() -> new IllegalArgumentException(
          "unknown list '" + n + "': not in the catalogue (see `spamtrace blocklist zones`)"));
      if (z.target() == target) {
        out.add(z);
      }
    }
    return out;
  }
}
