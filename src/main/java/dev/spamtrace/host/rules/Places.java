package dev.spamtrace.host.rules;

import dev.spamtrace.host.HostSettings;
import java.util.List;
import java.util.Map;

/** The named places rules refer to ({@code $temporary}, {@code $docroots}), from the configuration. */
public record Places(Map<String, List<String>> byName) {
  public static Places of(HostSettings s) {
    return new Places(Map.of("temporary", s.temporaryPlaces(), "docroots", s.docroots()));
  }

  public List<String> named(String name) {
    return byName.get(name);
  }
}
