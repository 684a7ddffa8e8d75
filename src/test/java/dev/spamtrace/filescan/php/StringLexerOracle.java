package dev.spamtrace.filescan.php;

import java.util.ArrayList;
import java.util.List;

/**
 * The lexer as it was before it read bytes (one Token and String per token), kept unchanged as
 * the oracle {@link PhpLexerTest} checks the byte lexer against, token by token.
 *
 * <p>Original description: a small PHP lexer, enough to read code as PHP reads it (strings, comments, variables, inline
 * HTML) so that de-obfuscation works on tokens rather than on text that merely looks like code.
 * Text is ISO-8859-1 (one char per byte): PHP source is bytes, and so are the names in it.
 *
 * <p>It never fails: an unterminated string or comment runs to the end of the file, as PHP would
 * read it before reporting a parse error. Token kinds follow PHP's own lexer (zend_language_scanner.l)
 * loosely.
 */
final class StringLexerOracle {
  private StringLexerOracle() {}

  /** Kinds of token. */
  public enum Kind { HTML, OPEN, CLOSE, VAR, IDENT, NUMBER, SQ, DQ, BACKTICK, OP }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text its source text (for strings: the content with escapes decoded; for DQ strings
   *     holding variables, the raw content)
   * @param constant for strings: true when the value is known without running the code
   */
  public record Token(Kind kind, String text, boolean constant) {
    public boolean is(String op) {
      return (kind == Kind.OP || kind == Kind.IDENT) && text.equalsIgnoreCase(op);
    }
  }

  private static final String[] OPS = {
    "<<=", ">>=", "**=", "...", "<=>", "===", "!==", "??=", "?->",
    "->", "=>", "::", ".=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "==", "!=", "<>", "<=", ">=",
    "&&", "||", "++", "--", "<<", ">>", "??", "**"
  };

  /** Multi-character operators by their first character, longest first. */
  private static final String[][] OPS_BY_FIRST = new String[128][];
  /** Operator tokens, made once: tokens are immutable and operators are most of them. */
  private static final Token[][] OP_TOKENS_BY_FIRST = new Token[128][];
  private static final Token[] SINGLE = new Token[128];
  private static final Token OPEN_TOKEN = new Token(Kind.OPEN, "<?php", true);
  private static final Token CLOSE_TOKEN = new Token(Kind.CLOSE, "?>", true);

  static {
    for (int c = 0; c < 128; c++) {
      SINGLE[c] = new Token(Kind.OP, String.valueOf((char) c), true);
      final char f = (char) c;
      String[] m = java.util.Arrays.stream(OPS).filter(o -> o.charAt(0) == f).toArray(String[]::new);
      OPS_BY_FIRST[c] = m.length == 0 ? null : m;
      OP_TOKENS_BY_FIRST[c] = m.length == 0 ? null : java.util.Arrays.stream(m).map(o -> new Token(Kind.OP, o, true)).toArray(Token[]::new);
    }
  }

  /** The tokens of {@code src}, comments and whitespace dropped. */
  public static List<Token> lex(String src) {
    List<Token> out = new ArrayList<>(Math.max(16, src.length() / 6));
    int n = src.length();
    int i = 0;
    // Inline HTML until the first open tag.
    while (i < n) {
      int open = findOpenTag(src, i);
      if (open < 0) {
        if (i < n) {
          out.add(new Token(Kind.HTML, src.substring(i), true));
        }
        return out;
      }
      if (open > i) {
        out.add(new Token(Kind.HTML, src.substring(i, open), true));
      }
      int afterTag = openTagEnd(src, open);
      out.add(OPEN_TOKEN);
      i = lexPhp(src, afterTag, out);
    }
    return out;
  }

  /** {@code <?php} (any case) or {@code <?=} or a short {@code <?} tag. */
  private static int findOpenTag(String s, int from) {
    int i = s.indexOf("<?", from);
    while (i >= 0) {
      // "<?xml" is not PHP when short tags are off (the common setting); everything else opens PHP.
      if (!s.regionMatches(true, i + 2, "xml", 0, 3)) {
        return i;
      }
      i = s.indexOf("<?", i + 2);
    }
    return -1;
  }

  private static int openTagEnd(String s, int open) {
    if (s.regionMatches(true, open + 2, "php", 0, 3)) {
      return open + 5;
    }
    return open + 2 + (open + 2 < s.length() && s.charAt(open + 2) == '=' ? 1 : 0);
  }

  private static boolean nameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean nameChar(char c) {
    return nameStart(c) || (c >= '0' && c <= '9');
  }

  /** Lexes PHP code from {@code i} to the close tag; returns where inline HTML starts again. */
  private static int lexPhp(String s, int i, List<Token> out) {
    int n = s.length();
    // One token per call: small methods compile quickly (a long-running loop body is OSR-compiled again and again).
    while (i < n) {
      int r = lexOne(s, i, out);
      if (r < 0) {
        return ~r;
      }
      i = r;
    }
    return n;
  }

  /** Lexes one token at {@code i}; returns the index after it, or its complement after a close tag. */
  private static int lexOne(String s, int i, List<Token> out) {
    int n = s.length();
    char c = s.charAt(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
      i++;
    } else if (c == '?' && i + 1 < n && s.charAt(i + 1) == '>') {
      out.add(CLOSE_TOKEN);
      i += 2;
      // A newline right after ?> belongs to the tag.
      if (i < n && s.charAt(i) == '\n') {
        i++;
      }
      return ~i;
    } else if (c == '#' && !(i + 1 < n && s.charAt(i + 1) == '[') || c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
      i = lineCommentEnd(s, i);
    } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
      int e = s.indexOf("*/", i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c == '$' && i + 1 < n && nameStart(s.charAt(i + 1))) {
      int j = i + 2;
      while (j < n && nameChar(s.charAt(j))) {
        j++;
      }
      out.add(new Token(Kind.VAR, s.substring(i, j), true));
      i = j;
    } else if (nameStart(c) || c == '\\' && i + 1 < n && nameStart(s.charAt(i + 1))) {
      int j = i + 1;
      while (j < n && (nameChar(s.charAt(j)) || s.charAt(j) == '\\' && j + 1 < n && nameStart(s.charAt(j + 1)))) {
        j++;
      }
      String name = s.substring(i, j);
      // A leading namespace separator (\eval) does not change which function is called.
      if (name.startsWith("\\")) {
        name = name.substring(1);
      }
      out.add(new Token(Kind.IDENT, name, true));
      i = j;
    } else if (c >= '0' && c <= '9') {
      int j = i + 1;
      while (j < n && (nameChar(s.charAt(j)) || s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1)))) {
        j++;
      }
      out.add(new Token(Kind.NUMBER, s.substring(i, j), true));
      i = j;
    } else if (c == '\'') {
      i = singleQuoted(s, i, out);
    } else if (c == '"') {
      i = doubleQuoted(s, i, '"', Kind.DQ, out);
    } else if (c == '`') {
      i = doubleQuoted(s, i, '`', Kind.BACKTICK, out);
    } else if (c == '<' && s.startsWith("<<<", i)) {
      i = heredoc(s, i, out);
    } else {
      Token op = null;
      String[] cands = c < 128 ? OPS_BY_FIRST[c] : null;
      if (cands != null) {
        for (int k = 0; k < cands.length; k++) {
          if (s.startsWith(cands[k], i)) {
            op = OP_TOKENS_BY_FIRST[c][k];
            break;
          }
        }
      }
      if (op == null) {
        op = c < 128 ? SINGLE[c] : new Token(Kind.OP, String.valueOf(c), true);
      }
      out.add(op);
      i += op.text().length();
    }
    return i;
  }

  private static int lineCommentEnd(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') {
        return i + 1;
      }
      if (c == '?' && i + 1 < n && s.charAt(i + 1) == '>') {
        return i; // a one-line comment ends at a close tag
      }
      i++;
    }
    return n;
  }

  private static int singleQuoted(String s, int i, List<Token> out) {
    int n = s.length();
    StringBuilder b = new StringBuilder();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\' && j + 1 < n && (s.charAt(j + 1) == '\'' || s.charAt(j + 1) == '\\')) {
        b.append(s.charAt(j + 1));
        j += 2;
      } else if (c == '\'') {
        j++;
        break;
      } else {
        b.append(c);
        j++;
      }
    }
    out.add(new Token(Kind.SQ, b.toString(), true));
    return j;
  }

  private static int doubleQuoted(String s, int i, char quote, Kind kind, List<Token> out) {
    int n = s.length();
    int j = i + 1;
    boolean vars = false;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (c == quote) {
        break;
      }
      if (c == '$' && j + 1 < n && (nameStart(s.charAt(j + 1)) || s.charAt(j + 1) == '{')
          || c == '{' && j + 1 < n && s.charAt(j + 1) == '$') {
        vars = true;
      }
      j++;
    }
    String raw = s.substring(i + 1, Math.min(j, n));
    out.add(new Token(kind, vars ? raw : unescape(raw, quote), !vars && kind == Kind.DQ));
    return Math.min(j + 1, n);
  }

  private static int heredoc(String s, int i, List<Token> out) {
    int n = s.length();
    int j = i + 3;
    while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
      j++;
    }
    boolean nowdoc = j < n && s.charAt(j) == '\'';
    boolean quoted = j < n && (s.charAt(j) == '\'' || s.charAt(j) == '"');
    if (quoted) {
      j++;
    }
    int idStart = j;
    while (j < n && nameChar(s.charAt(j))) {
      j++;
    }
    String id = s.substring(idStart, j);
    if (id.isEmpty()) {
      out.add(OP_TOKENS_BY_FIRST['<'][java.util.Arrays.asList(OPS_BY_FIRST['<']).indexOf("<<")]);
      return i + 2;
    }
    int bodyStart = s.indexOf('\n', j);
    if (bodyStart < 0) {
      return n;
    }
    bodyStart++;
    // The closing identifier: on its own line (PHP 7.3+ allows indentation before it).
    int k = bodyStart;
    int bodyEnd = n;
    int after = n;
    while (k < n) {
      int lineEnd = s.indexOf('\n', k);
      int le = lineEnd < 0 ? n : lineEnd;
      int p = k;
      while (p < le && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
        p++;
      }
      if (s.startsWith(id, p) && (p + id.length() >= n || !nameChar(s.charAt(p + id.length())))) {
        bodyEnd = Math.max(bodyStart, k - 1);
        after = p + id.length();
        break;
      }
      if (lineEnd < 0) {
        break;
      }
      k = lineEnd + 1;
    }
    String raw = s.substring(bodyStart, Math.max(bodyStart, bodyEnd));
    if (nowdoc) {
      out.add(new Token(Kind.SQ, raw, true));
    } else {
      boolean vars = raw.contains("$");
      out.add(new Token(Kind.DQ, vars ? raw : unescape(raw, '\0'), !vars));
    }
    return after;
  }

  private static String unescape(String raw, char quote) {
    return PhpLexer.unescape(raw, quote);
  }
}
