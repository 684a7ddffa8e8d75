package dev.spamtrace.filescan.php;

import dev.spamtrace.filescan.php.PhpLexer.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The tokens of one text, kept as parallel arrays over its bytes rather than an object per token:
 * the folder reads thousands of tokens per file and the scanner runs without the optimising JIT,
 * where every allocation and interface call costs. Strings are made only where the folder reads
 * one: names and operators (one shared instance per distinct spelling) and a string literal's
 * value when it is asked for.
 */
public final class Tokens {
  private final byte[] src;
  private int size;
  private Kind[] kinds;
  private int[] starts;
  private int[] ends;
  /** The token's text when already made (names, operators, decoded strings), else null. */
  private String[] texts;
  /** Strings interpolating variables: their value is not known without running the code. */
  private boolean[] variable;

  Tokens(byte[] src, int capacity) {
    this.src = src;
    int c = Math.max(16, capacity);
    kinds = new Kind[c];
    starts = new int[c];
    ends = new int[c];
    texts = new String[c];
    variable = new boolean[c];
  }

  /** Adds a token whose text is {@code src[start, end)}, or {@code text} when not null. */
  void add(Kind kind, int start, int end, String text, boolean constant) {
    if (size == kinds.length) {
      int c = size * 2;
      kinds = Arrays.copyOf(kinds, c);
      starts = Arrays.copyOf(starts, c);
      ends = Arrays.copyOf(ends, c);
      texts = Arrays.copyOf(texts, c);
      variable = Arrays.copyOf(variable, c);
    }
    kinds[size] = kind;
    starts[size] = start;
    ends[size] = end;
    texts[size] = text;
    variable[size] = !constant;
    size++;
  }

  public int size() {
    return size;
  }

  /** The kind of token {@code i}, or null past the end. */
  public Kind kind(int i) {
    return i < size ? kinds[i] : null;
  }

  /**
   * Token {@code i}'s text: for strings, the content with escapes decoded (the raw content for
   * strings interpolating variables); names without a leading namespace separator.
   */
  public String text(int i) {
    String t = texts[i];
    if (t == null) {
      t = new String(src, starts[i], ends[i] - starts[i], StandardCharsets.ISO_8859_1);
      texts[i] = t;
    }
    return t;
  }

  /** For strings: whether the value is known without running the code (always true for others). */
  public boolean constant(int i) {
    return !variable[i];
  }

  /**
   * Whether token {@code i} is the operator {@code op}. Operators' texts are the lexer's interned
   * constants and {@code op} is a literal in the caller, so identity is equality here: the folder
   * asks this at almost every token, mostly to hear no.
   */
  public boolean isOp(int i, String op) {
    return i < size && texts[i] == op && kinds[i] == Kind.OP;
  }

  /** Whether token {@code i}'s text is {@code s}, without making a string for it. */
  public boolean textEquals(int i, String s) {
    String t = texts[i];
    if (t != null) {
      return t.equals(s);
    }
    int len = ends[i] - starts[i];
    if (len != s.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if ((src[starts[i] + k] & 0xff) != s.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Whether token {@code i} is the operator or keyword {@code word} (keywords in any case). */
  public boolean is(int i, String word) {
    return i < size && (kinds[i] == Kind.OP || kinds[i] == Kind.IDENT) && text(i).equalsIgnoreCase(word);
  }

  /** Whether token {@code i}'s text is its source range as is and not made into a string yet: then copy the bytes. */
  boolean inSourceOnly(int i) {
    return texts[i] == null;
  }

  /** The source range of token {@code i}. */
  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  byte[] source() {
    return src;
  }
}
