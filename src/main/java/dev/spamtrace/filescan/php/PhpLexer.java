package dev.spamtrace.filescan.php;

import java.nio.charset.StandardCharsets;

/**
 * A small PHP lexer, enough to read code as PHP reads it (strings, comments, variables, inline
 * HTML) so that de-obfuscation works on tokens rather than on text that merely looks like code.
 * Text is ISO-8859-1 (one char per byte): PHP source is bytes, and so are the names in it.
 *
 * <p>It never fails: an unterminated string or comment runs to the end of the file, as PHP would
 * read it before reporting a parse error. Token kinds follow PHP's own lexer (zend_language_scanner.l)
 * loosely.
 */
public final class PhpLexer {
  /** Kinds of token. */
  public enum Kind { HTML, OPEN, CLOSE, VAR, IDENT, NUMBER, SQ, DQ, BACKTICK, OP }

  // Operator texts are string literals or interned: Tokens.isOp compares them by identity.
  private static final String[] OPS = {
    "<<=", ">>=", "**=", "...", "<=>", "===", "!==", "??=", "?->",
    "->", "=>", "::", ".=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "==", "!=", "<>", "<=", ">=",
    "&&", "||", "++", "--", "<<", ">>", "??", "**"
  };

  /** Multi-character operators by their first character, longest first. */
  private static final byte[][][] OPS_BY_FIRST = new byte[128][][];
  private static final String[][] OP_TEXTS_BY_FIRST = new String[128][];
  private static final String[] SINGLE = new String[128];
  private static final String OPEN_TEXT = "<?php";
  private static final String CLOSE_TEXT = "?>";
  private static final String SHIFT_LEFT = "<<";

  static {
    for (int c = 0; c < 128; c++) {
      SINGLE[c] = String.valueOf((char) c).intern();
      final char f = (char) c;
      String[] m = java.util.Arrays.stream(OPS).filter(o -> o.charAt(0) == f).toArray(String[]::new);
      OP_TEXTS_BY_FIRST[c] = m.length == 0 ? null : m;
      OPS_BY_FIRST[c] = m.length == 0 ? null
          : java.util.Arrays.stream(m).map(o -> o.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
    }
  }

  private final byte[] s;
  private final int n;
  private final Tokens out;
  // Names (variables, identifiers) seen in this text, one string each: open addressing on the
  // name's bytes, so a name read a hundred times is made once and hashes once in the folder's maps.
  private String[] names;
  private int[] nameAt;
  private int nameCount;

  private PhpLexer(byte[] src, int length) {
    this.s = src;
    this.n = length;
    this.out = new Tokens(src, length / 6);
    // About one distinct name per 100 bytes of PHP: start near the size most texts need.
    int slots = Integer.highestOneBit(Math.max(64, Math.min(1 << 14, length / 32)));
    names = new String[slots];
    nameAt = new int[slots];
  }

  /** The tokens of {@code src}, comments and whitespace dropped. */
  public static Tokens lex(String src) {
    byte[] b = src.getBytes(StandardCharsets.ISO_8859_1);
    return lex(b, b.length);
  }

  /** The tokens of the first {@code length} bytes of {@code src}, comments and whitespace dropped. */
  public static Tokens lex(byte[] src, int length) {
    PhpLexer l = new PhpLexer(src, length);
    l.run();
    return l.out;
  }

  private void run() {
    int i = 0;
    // Inline HTML until the first open tag.
    while (i < n) {
      int open = findOpenTag(i);
      if (open < 0) {
        out.add(Kind.HTML, i, n, null, true);
        return;
      }
      if (open > i) {
        out.add(Kind.HTML, i, open, null, true);
      }
      int afterTag = openTagEnd(open);
      out.add(Kind.OPEN, open, afterTag, OPEN_TEXT, true);
      i = lexPhp(afterTag);
    }
  }

  /** {@code <?php} (any case) or {@code <?=} or a short {@code <?} tag. */
  private int findOpenTag(int from) {
    for (int i = from; i + 1 < n; i++) {
      // "<?xml" is not PHP when short tags are off (the common setting); everything else opens PHP.
      if (s[i] == '<' && s[i + 1] == '?' && !matchesIgnoreCase(i + 2, "xml")) {
        return i;
      }
    }
    return -1;
  }

  private int openTagEnd(int open) {
    if (matchesIgnoreCase(open + 2, "php")) {
      return open + 5;
    }
    return open + 2 + (open + 2 < n && s[open + 2] == '=' ? 1 : 0);
  }

  /** Whether the lower-case ASCII {@code word} is at {@code i}, in any case. */
  private boolean matchesIgnoreCase(int i, String word) {
    if (i + word.length() > n) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      int c = s[i + k];
      if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(byte[] w, int i) {
    if (i + w.length > n) {
      return false;
    }
    for (int k = 0; k < w.length; k++) {
      if (s[i + k] != w[k]) {
        return false;
      }
    }
    return true;
  }

  // Byte classes by table: one load, and small enough for the quick compiler to inline the lookup.
  private static final boolean[] NAME_START = new boolean[256];
  private static final boolean[] NAME_CHAR = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      NAME_START[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
      NAME_CHAR[c] = NAME_START[c] || (c >= '0' && c <= '9');
    }
  }

  private static boolean nameStart(int c) {
    return NAME_START[c];
  }

  private static boolean nameChar(int c) {
    return NAME_CHAR[c];
  }

  /** The byte at {@code i} as 0..255. */
  private int at(int i) {
    return s[i] & 0xff;
  }

  /** Lexes PHP code from {@code i} to the close tag; returns where inline HTML starts again. */
  private int lexPhp(int i) {
    // One token per call: small methods compile quickly (a long-running loop body is OSR-compiled again and again).
    while (i < n) {
      int r = lexOne(i);
      if (r < 0) {
        return ~r;
      }
      i = r;
    }
    return n;
  }

  /** Lexes one token at {@code i}; returns the index after it, or its complement after a close tag. */
  private int lexOne(int i) {
    int c = at(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
      return i + 1;
    }
    if (nameStart(c)) {
      return name(Kind.IDENT, i, i + 1);
    }
    if (c == '$' && i + 1 < n && nameStart(at(i + 1))) {
      return name(Kind.VAR, i, i + 2);
    }
    if (c == '?' && i + 1 < n && s[i + 1] == '>') {
      out.add(Kind.CLOSE, i, i + 2, CLOSE_TEXT, true);
      i += 2;
      // A newline right after ?> belongs to the tag.
      if (i < n && s[i] == '\n') {
        i++;
      }
      return ~i;
    }
    if (c == '#' && !(i + 1 < n && s[i + 1] == '[') || c == '/' && i + 1 < n && s[i + 1] == '/') {
      return lineCommentEnd(i);
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      for (int j = i + 2; j + 1 < n; j++) {
        if (s[j] == '*' && s[j + 1] == '/') {
          return j + 2;
        }
      }
      return n;
    }
    if (c == '\\' && i + 1 < n && nameStart(at(i + 1))) {
      return name(Kind.IDENT, i, i + 1);
    }
    if (c >= '0' && c <= '9') {
      int j = i + 1;
      while (j < n && (nameChar(at(j)) || s[j] == '.' && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9')) {
        j++;
      }
      out.add(Kind.NUMBER, i, j, null, true);
      return j;
    }
    if (c == '\'') {
      return singleQuoted(i);
    }
    if (c == '"') {
      return doubleQuoted(i, '"', Kind.DQ);
    }
    if (c == '`') {
      return doubleQuoted(i, '`', Kind.BACKTICK);
    }
    if (c == '<' && i + 2 < n && s[i + 1] == '<' && s[i + 2] == '<') {
      return heredoc(i);
    }
    // Everything else is below 0x80 (higher bytes start names).
    byte[][] cands = OPS_BY_FIRST[c];
    if (cands != null) {
      for (int k = 0; k < cands.length; k++) {
        if (startsWith(cands[k], i)) {
          out.add(Kind.OP, i, i + cands[k].length, OP_TEXTS_BY_FIRST[c][k], true);
          return i + cands[k].length;
        }
      }
    }
    out.add(Kind.OP, i, i + 1, SINGLE[c], true);
    return i + 1;
  }

  /**
   * A variable ({@code $name}) or identifier ({@code name}, {@code \ns\name}) from {@code i}, its
   * name characters continuing at {@code j}. A leading namespace separator ({@code \eval}) does
   * not change which function is called: it is left out of the text.
   */
  private int name(Kind kind, int i, int j) {
    int from = kind == Kind.IDENT && s[i] == '\\' ? i + 1 : i;
    // The name's hash is made while reading it, for intern().
    int h = 0;
    for (int k = from; k < j; k++) {
      h = 31 * h + s[k];
    }
    if (kind == Kind.VAR) {
      while (j < n && NAME_CHAR[s[j] & 0xff]) {
        h = 31 * h + s[j++];
      }
    } else {
      while (j < n && (NAME_CHAR[s[j] & 0xff] || s[j] == '\\' && j + 1 < n && nameStart(at(j + 1)))) {
        h = 31 * h + s[j++];
      }
    }
    out.add(kind, from, j, intern(from, j, h), true);
    return j;
  }

  /** The one string of this text for the name {@code s[from, to)}, whose hash is {@code h}. */
  private String intern(int from, int to, int h) {
    int mask = names.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    int len = to - from;
    for (String x = names[slot]; x != null; x = names[slot = (slot + 1) & mask]) {
      int at = nameAt[slot];
      if (x.length() == len && sameBytes(at, from, len)) {
        return x;
      }
    }
    String x = new String(s, from, len, StandardCharsets.ISO_8859_1);
    names[slot] = x;
    nameAt[slot] = from;
    if (++nameCount * 2 > names.length) {
      growNames();
    }
    return x;
  }

  /** Names are short: a plain loop beats the general array comparison here. */
  private boolean sameBytes(int a, int b, int len) {
    for (int k = 0; k < len; k++) {
      if (s[a + k] != s[b + k]) {
        return false;
      }
    }
    return true;
  }

  private void growNames() {
    String[] old = names;
    int[] oldAt = nameAt;
    names = new String[old.length * 2];
    nameAt = new int[old.length * 2];
    int mask = names.length - 1;
    for (int k = 0; k < old.length; k++) {
      if (old[k] != null) {
        int h = 0;
        for (int p = oldAt[k]; p < oldAt[k] + old[k].length(); p++) {
          h = 31 * h + s[p];
        }
        int slot = (h ^ (h >>> 16)) & mask;
        while (names[slot] != null) {
          slot = (slot + 1) & mask;
        }
        names[slot] = old[k];
        nameAt[slot] = oldAt[k];
      }
    }
  }

  private int lineCommentEnd(int i) {
    while (i < n) {
      byte c = s[i];
      if (c == '\n') {
        return i + 1;
      }
      if (c == '?' && i + 1 < n && s[i + 1] == '>') {
        return i; // a one-line comment ends at a close tag
      }
      i++;
    }
    return n;
  }

  private int singleQuoted(int i) {
    int j = i + 1;
    boolean escapes = false;
    while (j < n) {
      byte c = s[j];
      if (c == '\\' && j + 1 < n && (s[j + 1] == '\'' || s[j + 1] == '\\')) {
        escapes = true;
        j += 2;
      } else if (c == '\'') {
        break;
      } else {
        j++;
      }
    }
    int end = Math.min(j, n);
    // Only \' and \\ are escapes in single quotes; most literals have neither and stay bytes.
    out.add(Kind.SQ, i + 1, end, escapes ? unescapeSingle(i + 1, end) : null, true);
    return Math.min(j + 1, n);
  }

  private String unescapeSingle(int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    for (int j = from; j < to; j++) {
      char c = (char) at(j);
      if (c == '\\' && j + 1 < to && (s[j + 1] == '\'' || s[j + 1] == '\\')) {
        j++;
        c = (char) at(j);
      }
      b.append(c);
    }
    return b.toString();
  }

  private int doubleQuoted(int i, char quote, Kind kind) {
    int j = i + 1;
    boolean vars = false;
    boolean escapes = false;
    while (j < n) {
      byte c = s[j];
      if (c == '\\') {
        escapes = true;
        j += 2;
        continue;
      }
      if (c == quote) {
        break;
      }
      if (c == '$' && j + 1 < n && (nameStart(at(j + 1)) || s[j + 1] == '{')
          || c == '{' && j + 1 < n && s[j + 1] == '$') {
        vars = true;
      }
      j++;
    }
    int end = Math.min(j, n);
    String text = vars || !escapes ? null : unescape(new String(s, i + 1, end - i - 1, StandardCharsets.ISO_8859_1), quote);
    out.add(kind, i + 1, end, text, !vars && kind == Kind.DQ);
    return Math.min(j + 1, n);
  }

  private int heredoc(int i) {
    int j = i + 3;
    while (j < n && (s[j] == ' ' || s[j] == '\t')) {
      j++;
    }
    boolean nowdoc = j < n && s[j] == '\'';
    boolean quoted = j < n && (s[j] == '\'' || s[j] == '"');
    if (quoted) {
      j++;
    }
    int idStart = j;
    while (j < n && nameChar(at(j))) {
      j++;
    }
    int idLen = j - idStart;
    if (idLen == 0) {
      out.add(Kind.OP, i, i + 2, SHIFT_LEFT, true);
      return i + 2;
    }
    int bodyStart = indexOf('\n', j);
    if (bodyStart < 0) {
      return n;
    }
    bodyStart++;
    // The closing identifier: on its own line (PHP 7.3+ allows indentation before it).
    int k = bodyStart;
    int bodyEnd = n;
    int after = n;
    while (k < n) {
      int lineEnd = indexOf('\n', k);
      int le = lineEnd < 0 ? n : lineEnd;
      int p = k;
      while (p < le && (s[p] == ' ' || s[p] == '\t')) {
        p++;
      }
      if (p + idLen <= n && java.util.Arrays.equals(s, p, p + idLen, s, idStart, idStart + idLen)
          && (p + idLen >= n || !nameChar(at(p + idLen)))) {
        bodyEnd = Math.max(bodyStart, k - 1);
        after = p + idLen;
        break;
      }
      if (lineEnd < 0) {
        break;
      }
      k = lineEnd + 1;
    }
    int end = Math.max(bodyStart, bodyEnd);
    if (nowdoc) {
      out.add(Kind.SQ, bodyStart, end, null, true);
    } else {
      boolean vars = indexOf('$', bodyStart) >= 0 && indexOf('$', bodyStart) < end;
      boolean escapes = !vars && indexOf('\\', bodyStart) >= 0 && indexOf('\\', bodyStart) < end;
      String text = escapes ? unescape(new String(s, bodyStart, end - bodyStart, StandardCharsets.ISO_8859_1), '\0') : null;
      out.add(Kind.DQ, bodyStart, end, text, !vars);
    }
    return after;
  }

  private int indexOf(char c, int from) {
    for (int k = from; k < n; k++) {
      if (s[k] == c) {
        return k;
      }
    }
    return -1;
  }

  /** Decodes the escapes of a double-quoted PHP string: \n \t \\ \$ \" \xHH \NNN (octal) u{H…} (unicode). */
  public static String unescape(String raw, char quote) {
    if (raw.indexOf('\\') < 0) {
      return raw;
    }
    StringBuilder b = new StringBuilder(raw.length());
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 >= n) {
        b.append(c);
        continue;
      }
      char d = raw.charAt(i + 1);
      switch (d) {
        case 'n' -> { b.append('\n'); i++; }
        case 't' -> { b.append('\t'); i++; }
        case 'r' -> { b.append('\r'); i++; }
        case 'v' -> { b.append((char) 0x0b); i++; }
        case 'e' -> { b.append((char) 0x1b); i++; }
        case 'f' -> { b.append('\f'); i++; }
        case '\\', '$' -> { b.append(d); i++; }
        case 'x', 'X' -> {
          int v = 0;
          int k = i + 2;
          int digits = 0;
          while (k < n && digits < 2 && Character.digit(raw.charAt(k), 16) >= 0) {
            v = v * 16 + Character.digit(raw.charAt(k), 16);
            k++;
            digits++;
          }
          if (digits == 0) {
            b.append(c);
          } else {
            b.append((char) (v & 0xff));
            i = k - 1;
          }
        }
        case 'u' -> {
          int close = raw.indexOf('}', i);
          if (i + 2 < n && raw.charAt(i + 2) == '{' && close > 0 && close - i < 12) {
            try {
              int cp = Integer.parseInt(raw.substring(i + 3, close), 16);
              // Stored as UTF-8 bytes, one char per byte, like the rest of the text.
              for (byte x : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                b.append((char) (x & 0xff));
              }
              i = close;
            } catch (IllegalArgumentException e) {
              b.append(c);
            }
          } else {
            b.append(c);
          }
        }
        default -> {
          if (d >= '0' && d <= '7') {
            int v = 0;
            int k = i + 1;
            int digits = 0;
            while (k < n && digits < 3 && raw.charAt(k) >= '0' && raw.charAt(k) <= '7') {
              v = v * 8 + (raw.charAt(k) - '0');
              k++;
              digits++;
            }
            b.append((char) (v & 0xff));
            i = k - 1;
          } else if (d == quote) {
            b.append(d);
            i++;
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
