package dev.spamtrace.incident;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read models one inspector publishes for later ones in the same investigation (the queue
 * snapshot, the document roots, the process table), so each source is read once. Scoped to one
 * investigation of one root: no hidden global state.
 */
public final class Artifacts {
  private final Map<Class<?>, Object> byType = new LinkedHashMap<>();

  public synchronized <T> void put(Class<T> type, T value) {
    byType.put(type, value);
  }

  public synchronized <T> Optional<T> get(Class<T> type) {
    return Optional.ofNullable(type.cast(byType.get(type)));
  }
}
