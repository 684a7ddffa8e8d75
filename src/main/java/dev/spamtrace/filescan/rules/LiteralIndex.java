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
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if ((s = tbl[(s << 8) | (text.charAt(i) & 0xff)]) < 0) {
        s = record(s, i, count, starts, lengths);
      }
    }
    return trimmed(starts, count);
  }

  /** Texts shorter than this are read by one automaton run; longer ones by two interleaved. */
  private static final int SPLIT_MIN = 1024;

  /**
   * {@link #positions(CharSequence, int[])} over bytes (one per character, ISO-8859-1): the pass
   * over every byte of every file.
   *
   * <p>Each step needs the state the last one gave, so one run is a chain of dependent table
   * loads that leaves the CPU mostly waiting. A long text is read by two runs at once instead,
   * one over each half: independent chains overlap. The second run starts the longest literal's
   * length before the middle, so it sees every literal ending in its half, and records only
   * those; the first half's matches come first, so each literal's offsets stay in order.
   */
  public int[][] positions(byte[] text, int n, int[] lengths) {
    int[] count = new int[this.count];
    int[][] starts = new int[this.count][];
    int[] tbl = next;
    if (n < SPLIT_MIN || n < 4 * longest) {
      int s = 0;
      for (int i = 0; i < n; i++) {
        if ((s = tbl[(s << 8) | (text[i] & 0xff)]) < 0) {
          s = record(s, i, count, starts, lengths);
        }
      }
      return trimmed(starts, count);
    }
    int mid = n / 2;
    int from = mid - longest + 1;
    int[] count2 = new int[this.count];
    int[][] starts2 = new int[this.count][];
    int s = 0;
    int s2 = 0;
    // Second run: up to the middle it only settles into the state the first run has there.
    for (int j = from; j < mid; j++) {
      s2 = tbl[((s2 & STATE) << 8) | (text[j] & 0xff)];
    }
    s2 &= STATE;
    for (int i = 0, j = mid; i < mid; i++, j++) {
      if ((s = tbl[(s << 8) | (text[i] & 0xff)]) < 0) {
        s = record(s, i, count, starts, lengths);
      }
      if ((s2 = tbl[(s2 << 8) | (text[j] & 0xff)]) < 0) {
        s2 = record(s2, j, count2, starts2, lengths);
      }
    }
    for (int j = 2 * mid; j < n; j++) {
      if ((s2 = tbl[(s2 << 8) | (text[j] & 0xff)]) < 0) {
        s2 = record(s2, j, count2, starts2, lengths);
      }
    }
    for (int k = 0; k < starts.length; k++) {
      if (starts2[k] != null) {
        int c = count[k];
        int[] joined = starts[k] == null ? new int[count2[k]] : java.util.Arrays.copyOf(starts[k], c + count2[k]);
        System.arraycopy(starts2[k], 0, joined, c, count2[k]);
        starts[k] = joined;
        count[k] = c + count2[k];
      }
    }
    return trimmed(starts, count);
  }

  /** Records the literals ending at byte {@code i} in flagged state {@code s}; returns the plain state. */
  private int record(int s, int i, int[] count, int[][] starts, int[] lengths) {
    s &= STATE;
    for (int id : outputs[s]) {
      int[] a = starts[id];
      if (a == null) {
        a = starts[id] = new int[4];
      } else if (count[id] == a.length) {
        a = starts[id] = java.util.Arrays.copyOf(a, a.length * 2);
      }
      a[count[id]++] = i - lengths[id] + 1;
    }
    return s;
  }

  private static int[][] trimmed(int[][] starts, int[] count) {
    for (int k = 0; k < starts.length; k++) {
      if (starts[k] != null && starts[k].length != count[k]) {
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
