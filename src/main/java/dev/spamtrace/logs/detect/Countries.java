package dev.spamtrace.logs.detect;

import dev.spamtrace.geoip.CountryDatabase;
import java.util.HashMap;
import java.util.Map;

/** Address → country code, or null for private, reserved and unknown addresses (never guessed). */
@FunctionalInterface
public interface Countries {
  String of(String address);

  /** The country database, with a cache (the same few addresses recur on every line). */
  static Countries from(CountryDatabase db) {
    Map<String, String> cache = new HashMap<>();
    return a -> {
      if (a == null) {
        return null;
      }
      if (cache.size() > 100_000) {
        cache.clear();
      }
      return cache.computeIfAbsent(a, x -> {
        String c = db.lookup(x).codeOrNull();
        return c == null ? "" : c;
      }).transform(c -> c.isEmpty() ? null : c);
    };
  }
}
