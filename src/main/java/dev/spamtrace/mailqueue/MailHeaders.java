package dev.spamtrace.mailqueue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's header section (RFC 5322 §2.2): unfolded fields in order. Pure: text in, fields
 * out. Queued spam carries whatever bytes the sender wrote, so nothing here throws on odd input:
 * invalid bytes become U+FFFD, a line without a colon is skipped, and reports print values through
 * {@code Printable}.
 */
public final class MailHeaders {
  /** Headers beyond this many are ignored (a message is not a header bomb we must read whole). */
  static final int MAX_FIELDS = 500;

  private final List<String[]> fields;
  /** The wanted names it was parsed for (each field is named by one of these very strings), or null. */
  private final String[] wanted;

  private MailHeaders(List<String[]> fields) {
    this(fields, null);
  }

  private MailHeaders(List<String[]> fields, String[] wanted) {
    this.fields = fields;
    this.wanted = wanted;
  }

  /** Parses header lines (without line ends) up to the first empty line. */
  public static MailHeaders parse(List<String> lines) {
    return parse(lines, null);
  }

  /**
   * Like {@link #parse(List)}, keeping only the fields named in {@code wanted} (lower case): the
   * queue readers need a handful of a message's headers, a hundred thousand times over.
   */
  public static MailHeaders parse(List<String> lines, java.util.Set<String> wanted) {
    List<String[]> fields = new ArrayList<>();
    StringBuilder current = null;
    String name = null;
    for (String line : lines) {
      if (line.isEmpty()) {
        break;
      }
      char c = line.charAt(0);
      if ((c == ' ' || c == '\t') && current != null) {
        current.append(' ').append(line.strip());
        continue;
      }
      if (name != null) {
        fields.add(new String[] {name, current.toString()});
        if (fields.size() >= MAX_FIELDS) {
          name = null;
          break;
        }
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        name = null;
        current = null;
        continue;
      }
      if (wanted != null && !isWanted(line, colon, wanted)) {
        name = null;
        current = null;
        continue;
      }
      name = line.substring(0, colon).strip();
      current = new StringBuilder(line.substring(colon + 1).strip());
    }
    if (name != null) {
      fields.add(new String[] {name, current.toString()});
    }
    return new MailHeaders(fields);
  }

  /** Whether the field name before {@code colon} is one of {@code wanted}, without making a string of it. */
  private static boolean isWanted(String line, int colon, java.util.Set<String> wanted) {
    int end = colon;
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    for (String w : wanted) {
      if (w.length() == end && line.regionMatches(true, 0, w, 0, end)) {
        return true;
      }
    }
    return false;
  }

  /** Parses a header block as bytes (CRLF or LF line ends), stopping at the first empty line. */
  public static MailHeaders parse(byte[] bytes, int offset, int length) {
    return parse(bytes, offset, length, null);
  }

  /**
   * Like {@link #parse(byte[], int, int)}, keeping only the wanted fields. Works on the bytes: only
   * the wanted fields' values become strings (a queue reader calls this for every message, and
   * most of a message's header lines are not wanted).
   */
  public static MailHeaders parse(byte[] bytes, int offset, int length, java.util.Set<String> wanted) {
    List<String[]> fields = new ArrayList<>();
    int end = offset + length;
    int i = offset;
    String[] want = wanted == null ? null : names(wanted);
    String name = null;
    String value = null;
    while (i < end && fields.size() < MAX_FIELDS) {
      int eol = i;
      while (eol < end && bytes[eol] != '\n') {
        eol++;
      }
      int lineEnd = eol > i && bytes[eol - 1] == '\r' ? eol - 1 : eol;
      if (lineEnd == i) {
        break; // the empty line: the body follows
      }
      byte c = bytes[i];
      if (c == ' ' || c == '\t') {
        if (value != null) {
          value = value + " " + text(bytes, i, lineEnd);
        }
      } else {
        if (name != null) {
          fields.add(new String[] {name, value});
          name = null;
          value = null;
        }
        int colon = i;
        while (colon < lineEnd && bytes[colon] != ':') {
          colon++;
        }
        if (colon > i && colon < lineEnd) {
          if (want == null) {
            name = text(bytes, i, colon);
          } else {
            // A wanted field is named by the wanted name (lower case): lookups ignore case anyway.
            name = wantedName(bytes, i, colon, want);
          }
          value = name == null ? null : text(bytes, colon + 1, lineEnd);
        }
      }
      i = eol + 1;
    }
    if (name != null && fields.size() < MAX_FIELDS) {
      fields.add(new String[] {name, value});
    }
    return new MailHeaders(fields, want);
  }

  /** The last wanted set seen, as an array: callers pass the same set a hundred thousand times. */
  private static volatile Object[] lastWanted = {null, new String[0]};

  private static String[] names(java.util.Set<String> wanted) {
    Object[] last = lastWanted;
    if (last[0] == wanted) {
      return (String[]) last[1];
    }
    String[] a = wanted.toArray(new String[0]);
    lastWanted = new Object[] {wanted, a};
    return a;
  }

  /** Bytes {@code from..to} as text, stripped; ASCII directly, anything else decoded as UTF-8. */
  private static String text(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) {
      from++;
    }
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
      to--;
    }
    return new String(b, from, to - from, StandardCharsets.UTF_8).strip();
  }

  /** The wanted name (lower case) that the field name in {@code from..colon} is, comparing bytes; null when none. */
  private static String wantedName(byte[] b, int from, int colon, String[] wanted) {
    int end = colon;
    while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    int n = end - from;
    for (String w : wanted) {
      if (w.length() != n) {
        continue;
      }
      int k = 0;
      while (k < n) {
        int x = b[from + k];
        if (x >= 'A' && x <= 'Z') {
          x += 'a' - 'A';
        }
        if (x != w.charAt(k)) {
          break;
        }
        k++;
      }
      if (k == n) {
        return w;
      }
    }
    return null;
  }

  /**
   * True when {@code name} is one of the wanted names these headers were parsed for, as the same
   * string: then a field is found by identity alone (queue readers ask a dozen times per message).
   */
  private boolean wantedLiteral(String name) {
    if (wanted == null) {
      return false;
    }
    for (String w : wanted) {
      if (w == name) {
        return true;
      }
    }
    return false;
  }

  /** The raw (unfolded, undecoded) value of the first field of that name, or null. */
  public String first(String name) {
    if (wantedLiteral(name)) {
      for (int i = 0; i < fields.size(); i++) {
        String[] f = fields.get(i);
        if (f[0] == name) {
          return f[1];
        }
      }
      return null;
    }
    for (int i = 0; i < fields.size(); i++) {
      String[] f = fields.get(i);
      // Parsed for wanted names, a field is named by the wanted (lower-case literal) string itself.
      if (f[0] == name || f[0].equalsIgnoreCase(name)) {
        return f[1];
      }
    }
    return null;
  }

  /** Every value of the fields of that name, in order. */
  public List<String> all(String name) {
    List<String> out = new ArrayList<>();
    boolean literal = wantedLiteral(name);
    for (String[] f : fields) {
      if (f[0] == name || !literal && f[0].equalsIgnoreCase(name)) {
        out.add(f[1]);
      }
    }
    return out;
  }

  /** The first field of that name, RFC 2047 decoded, or null. */
  public String decoded(String name) {
    String v = first(name);
    return v == null ? null : decodeWords(v);
  }

  public int size() {
    return fields.size();
  }

  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

  /**
   * Decodes RFC 2047 encoded words ({@code =?UTF-8?B?…?=}, {@code =?ISO-2022-JP?B?…?=},
   * {@code =?iso-8859-1?Q?…?=}). Whitespace between two adjacent encoded words is dropped
   * (RFC 2047 §6.2). A word in an unknown charset or with broken encoding is left as it was.
   */
  public static String decodeWords(String value) {
    if (value.indexOf("=?") < 0) {
      return value;
    }
    Matcher m = ENCODED_WORD.matcher(value);
    StringBuilder out = new StringBuilder();
    int last = 0;
    boolean previousWasEncoded = false;
    while (m.find()) {
      String between = value.substring(last, m.start());
      String decoded = decodeWord(m.group(1), m.group(2), m.group(3));
      if (decoded == null) {
        out.append(between).append(m.group());
        previousWasEncoded = false;
      } else {
        if (!(previousWasEncoded && between.isBlank())) {
          out.append(between);
        }
        out.append(decoded);
        previousWasEncoded = true;
      }
      last = m.end();
    }
    out.append(value, last, value.length());
    return out.toString();
  }

  private static String decodeWord(String charsetName, String encoding, String text) {
    Charset cs;
    try {
      // RFC 2231 allows a language after '*': =?UTF-8*ja?B?...?=
      int star = charsetName.indexOf('*');
      cs = Charset.forName(star > 0 ? charsetName.substring(0, star) : charsetName);
    } catch (RuntimeException e) {
      return null;
    }
    byte[] bytes;
    if (encoding.equalsIgnoreCase("B")) {
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
    } else {
      bytes = quotedPrintableWord(text);
      if (bytes == null) {
        return null;
      }
    }
    return new String(bytes, cs);
  }

  /** The "Q" encoding: like quoted-printable, with '_' for space (RFC 2047 §4.2). */
  private static byte[] quotedPrintableWord(String text) {
    byte[] out = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        out[n++] = ' ';
      } else if (c == '=') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** True when the headers mark list or bulk mail. */
  public boolean bulk() {
    if (first("list-id") != null || first("list-unsubscribe") != null) {
      return true;
    }
    String p = first("precedence");
    if (p == null) {
      return false;
    }
    String v = p.strip().toLowerCase(Locale.ROOT);
    return v.equals("bulk") || v.equals("list");
  }
}
