package dev.spamtrace.mailqueue;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of the values a queue repeats: in an outbreak ninety thousand messages carry
 * the same three senders, one script, one delay reason. Keeping each once shrinks what a queue of a
 * hundred thousand messages holds (and what the collector copies) and makes the breakdowns'
 * lookups compare by identity. Bounded: past the limit (a queue of unique values) values are kept
 * as they come.
 */
final class RepeatedValues {
  private RepeatedValues() {}

  private static final int MAX = 20_000;
  private static final ConcurrentHashMap<Object, Object> SHARED = new ConcurrentHashMap<>();

  /** The shared copy of {@code v} (equal to it); null for null. */
  @SuppressWarnings("unchecked")
  static <T> T of(T v) {
    if (v == null) {
      return null;
    }
    Object had = SHARED.get(v);
    if (had != null) {
      return (T) had;
    }
    if (SHARED.size() >= MAX) {
      return v;
    }
    had = SHARED.putIfAbsent(v, v);
    return had != null ? (T) had : v;
  }
}
