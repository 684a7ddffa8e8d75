package dev.spamtrace.filescan.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Aho-Corasick over bytes, case-insensitive for ASCII, compiled to a dense table (one row of 256
 * next states per state) so a scan is one array load per byte: the prefilter that decides which
 * rules' regular expressions run at all (YARA's "atoms" idea). Text is ISO-8859-1, one char per
 * byte. A next state where some literal ends has its sign bit set, so the common byte costs one
 * load and no look at the outputs.
 */
public final class LiteralIndex {
  private final int[] next; // state * 256 + byte -> state, | OUT when literals end in that state
  private static final int OUT = 0x8000_0000;
  private static final int STATE = 0x7fff_ffff;
  private final int longest;
  private final int[][] outputs; // state -> literal ids ending here (including via suffix links)
  private final int count;

  private LiteralIndex(int[] next, int[][] outputs, int count, int longest) {
    this.next = next;
    this.outputs = outputs;
    this.count = count;
    this.longest = longest;
  }

  /** The length of the longest literal. */
  public int longest() {
    return longest;
  }

  /** The state before any byte; feed bytes with {@link #step}. */
  public static int start() {
    return 0;
  }

  /** The state after byte {@code b}; negative when some literal ends at it. */
  public int step(int state, int b) {
    return next[((state & STATE) << 8) | (b & 0xff)];
  }

  /** How many literals it holds. */
  public int size() {
    return count;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  public static LiteralIndex of(List<String> literals) {
    List<int[]> go = new ArrayList<>();
    List<List<Integer>> out = new ArrayList<>();
    go.add(newRow());
    out.add(new ArrayList<>());
    for (int id = 0; id < literals.size(); id++) {
      String lit = literals.get(id);
      int s = 0;
      for (int k = 0; k < lit.length(); k++) {
        int c = lower(lit.charAt(k) & 0xff);
        if (go.get(s)[c] < 0) {
          go.get(s)[c] = go.size();
          go.add(newRow());
          out.add(new ArrayList<>());
        }
        s = go.get(s)[c];
      }
      out.get(s).add(id);
    }
    int states = go.size();
    int[] fail = new int[states];
    int[] table = new int[states * 256];
    Deque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < 256; c++) {
      int t = go.get(0)[c];
      if (t < 0) {
        table[c] = 0;
      } else {
        table[c] = t;
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      out.get(s).addAll(out.get(fail[s]));
      for (int c = 0; c < 256; c++) {
        int t = go.get(s)[c];
        if (t < 0) {
          table[s * 256 + c] = table[fail[s] * 256 + c];
        } else {
          table[s * 256 + c] = t;
          fail[t] = table[fail[s] * 256 + c];
          queue.add(t);
        }
      }
    }
    // Upper-case ASCII goes where its lower case goes.
    for (int s = 0; s < states; s++) {
      for (int c = 'A'; c <= 'Z'; c++) {
        table[s * 256 + c] = table[s * 256 + c + 32];
      }
    }
    int[][] outputs = new int[states][];
    for (int s = 0; s < states; s++) {
      outputs[s] = out.get(s).isEmpty() ? null : out.get(s).stream().distinct().mapToInt(Integer::intValue).toArray();
    }
    for (int k = 0; k < table.length; k++) {
      if (outputs[table[k]] != null) {
        table[k] |= OUT;
      }
    }
    return new LiteralIndex(table, outputs, literals.size(), literals.stream().mapToInt(String::length).max().orElse(0));
  }

  private static int[] newRow() {
    int[] r = new int[256];
    java.util.Arrays.fill(r, -1);
    return r;
  }

  /** The ids of the literals that occur in {@code text} (one char per byte). */
  public BitSet find(CharSequence text) {
    BitSet found = new BitSet(count);
    int s = 0;
    int[] tbl = next;
    int[][] outs = outputs;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      s = tbl[((s & STATE) << 8) | (text.charAt(i) & 0xff)];
      if (s < 0) {
        int[] o = outs[s & STATE];
        for (int id : o) {
          found.set(id);
        }
      }
    }
    return found;
  }

  /**
   * Where each literal occurs in {@code text}: for literal id k, {@code starts[k]} is null when it
   * does not occur, else its start offsets in ascending order. One pass over the text.
   */
  public int[][] positions(CharSequence text, int[] lengths) {
    int[] count = new int[this.count];
    int[][] starts = new int[this.count][];
    int s = 0;
    int[] tbl = next;
    int[][] outs = outputs;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      s = tbl[((s & STATE) << 8) | (text.charAt(i) & 0xff)];
      if (s < 0) {
        int[] o = outs[s & STATE];
        for (int id : o) {
          int[] a = starts[id];
          if (a == null) {
            a = starts[id] = new int[4];
          } else if (count[id] == a.length) {
            a = starts[id] = java.util.Arrays.copyOf(a, a.length * 2);
          }
          a[count[id]++] = i - lengths[id] + 1;
        }
      }
    }
    for (int k = 0; k < starts.length; k++) {
      if (starts[k] != null) {
        starts[k] = java.util.Arrays.copyOf(starts[k], count[k]);
      }
    }
    return starts;
  }

  /** {@link #positions(CharSequence, int[])} over bytes (one per character, ISO-8859-1). */
  public int[][] positions(byte[] text, int n, int[] lengths) {
    int[] count = new int[this.count];
    int[][] starts = new int[this.count][];
    int s = 0;
    int[] tbl = next;
    int[][] outs = outputs;
    for (int i = 0; i < n; i++) {
      s = tbl[(s << 8) | (text[i] & 0xff)];
      if (s < 0) {
        // The output flag is cleared here, on the rare byte, so the common one needs no mask.
        s &= STATE;
        int[] o = outs[s];
        for (int id : o) {
          int[] a = starts[id];
          if (a == null) {
            a = starts[id] = new int[4];
          } else if (count[id] == a.length) {
            a = starts[id] = java.util.Arrays.copyOf(a, a.length * 2);
          }
          a[count[id]++] = i - lengths[id] + 1;
        }
      }
    }
    for (int k = 0; k < starts.length; k++) {
      if (starts[k] != null) {
        starts[k] = java.util.Arrays.copyOf(starts[k], count[k]);
      }
    }
    return starts;
  }

  /** The ids of the literals that occur in {@code bytes}. */
  public BitSet find(byte[] bytes, int length) {
    BitSet found = new BitSet(count);
    int s = 0;
    int[] tbl = next;
    int[][] outs = outputs;
    for (int i = 0; i < length; i++) {
      s = tbl[((s & STATE) << 8) | (bytes[i] & 0xff)];
      if (s < 0) {
        int[] o = outs[s & STATE];
        for (int id : o) {
          found.set(id);
        }
      }
    }
    return found;
  }
}
