package dev.spamtrace.logs;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, ordered map of a few fields kept as two arrays: millions of kept events must not
 * each carry a hash map.
 */
final class FieldMap extends AbstractMap<String, String> {
  private final String[] keys;
  private final String[] values;
  private final String text;
  private final int[] offsets;

  FieldMap(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
    this.text = null;
    this.offsets = null;
  }

  /** Values as start/end offsets into the line: kept events share their line's characters. */
  FieldMap(String[] keys, String text, int[] offsets) {
    this.keys = keys;
    this.values = null;
    this.text = text;
    this.offsets = offsets;
  }

  private String value(int i) {
    return values != null ? values[i] : text.substring(offsets[2 * i], offsets[2 * i + 1]);
  }

  static FieldMap copyOf(Map<String, String> m) {
    if (m instanceof FieldMap f) {
      return f;
    }
    String[] k = new String[m.size()];
    String[] v = new String[m.size()];
    int i = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      k[i] = e.getKey();
      v[i++] = e.getValue();
    }
    return new FieldMap(k, v);
  }

  @Override
  public String get(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return value(i);
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, String>> iterator() {
        return new Iterator<>() {
          int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Entry<String, String> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            int k = i++;
            return new SimpleImmutableEntry<>(keys[k], value(k));
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
