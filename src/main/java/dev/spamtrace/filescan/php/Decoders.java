package dev.spamtrace.filescan.php;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * PHP's string functions that web shells use to hide code, evaluated on constants only and
 * bounded in output. Strings are ISO-8859-1 (one char per byte), as PHP strings are bytes.
 * Semantics follow the PHP manual: base64_decode is lenient (skips characters outside the
 * alphabet), gzinflate is raw DEFLATE (RFC 1951), gzuncompress zlib (RFC 1950), gzdecode gzip
 * (RFC 1952).
 */
final class Decoders {
  private Decoders() {}

  /** Functions whose output hides its input: using one makes the result a decoded payload. */
  static final List<String> DECODERS = List.of(
      "base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "strrev", "hex2bin",
      "convert_uudecode", "urldecode", "rawurldecode", "pack", "str_replace", "strtr");

  /**
   * Applies {@code fn} to constant arguments, or returns null when it is not a function we
   * evaluate or the arguments do not fit it.
   */
  static String apply(String fn, List<String> args, int maxOut) {
    String f = fn.toLowerCase(Locale.ROOT);
    int n = args.size();
    try {
      switch (f) {
        case "base64_decode":
          return n >= 1 ? base64(args.get(0)) : null;
        case "gzinflate":
          return n >= 1 ? inflate(args.get(0), true, false, maxOut) : null;
        case "gzuncompress":
          return n >= 1 ? inflate(args.get(0), false, false, maxOut) : null;
        case "gzdecode":
          return n >= 1 ? inflate(args.get(0), true, true, maxOut) : null;
        case "str_rot13":
          return n == 1 ? rot13(args.get(0)) : null;
        case "strrev":
          return n == 1 ? new StringBuilder(args.get(0)).reverse().toString() : null;
        case "strtolower":
          return n == 1 ? args.get(0).toLowerCase(Locale.ROOT) : null;
        case "strtoupper":
          return n == 1 ? args.get(0).toUpperCase(Locale.ROOT) : null;
        case "ucfirst":
          return n == 1 && !args.get(0).isEmpty() ? Character.toUpperCase(args.get(0).charAt(0)) + args.get(0).substring(1) : n == 1 ? "" : null;
        case "trim":
          return n == 1 ? args.get(0).strip() : null;
        case "strval":
          return n == 1 ? args.get(0) : null;
        case "hex2bin":
          return n == 1 ? hex(args.get(0)) : null;
        case "pack":
          return n == 2 && (args.get(0).equals("H*") || args.get(0).equals("H" + args.get(1).length())) ? hex(args.get(1)) : null;
        case "urldecode":
          return n == 1 ? percent(args.get(0), true) : null;
        case "rawurldecode":
          return n == 1 ? percent(args.get(0), false) : null;
        case "convert_uudecode":
          return n == 1 ? uudecode(args.get(0)) : null;
        case "chr":
          return n == 1 ? String.valueOf((char) (Math.floorMod(parseInt(args.get(0)), 256))) : null;
        case "str_replace":
          return n == 3 && !args.get(0).isEmpty() ? args.get(2).replace(args.get(0), args.get(1)) : null;
        case "strtr":
          return n == 3 ? strtr(args.get(0), args.get(1), args.get(2)) : null;
        case "substr":
          return n == 2 || n == 3 ? substr(args.get(0), parseInt(args.get(1)), n == 3 ? parseInt(args.get(2)) : null) : null;
        case "str_repeat":
          return n == 2 && (long) args.get(0).length() * parseInt(args.get(1)) <= maxOut ? args.get(0).repeat(Math.max(0, parseInt(args.get(1)))) : null;
        default:
          return null;
      }
    } catch (NumberFormatException | DataFormatException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  private static final NameSet KNOWN = new NameSet(java.util.Set.of("base64_decode", "gzinflate", "gzuncompress", "gzdecode",
      "str_rot13", "strrev", "strtolower", "strtoupper", "ucfirst", "trim", "strval", "hex2bin", "pack", "urldecode",
      "rawurldecode", "convert_uudecode", "chr", "str_replace", "strtr", "substr", "str_repeat"));

  static boolean known(String fn) {
    return KNOWN.contains(fn);
  }

  private static int parseInt(String s) {
    String t = s.strip();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      return Integer.parseInt(t.substring(2), 16);
    }
    if (t.length() > 1 && t.startsWith("0") && t.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(t, 8);
    }
    return Integer.parseInt(t);
  }

  private static final int[] B64 = new int[256];

  static {
    java.util.Arrays.fill(B64, -1);
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < a.length(); i++) {
      B64[a.charAt(i)] = i;
    }
  }

  static String base64(String s) {
    StringBuilder b = new StringBuilder(s.length() * 3 / 4 + 3);
    int acc = 0;
    int bits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=') {
        break;
      }
      int v = c < 256 ? B64[c] : -1;
      if (v < 0) {
        continue;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        b.append((char) ((acc >> bits) & 0xff));
      }
    }
    return b.toString();
  }

  private static byte[] bytes(String s) {
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) s.charAt(i);
    }
    return b;
  }

  private static String latin1(byte[] b, int len) {
    return new String(b, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String inflate(String s, boolean raw, boolean gzip, int maxOut) throws DataFormatException {
    byte[] in = bytes(s);
    int off = 0;
    if (gzip) {
      // RFC 1952 header: magic, method, flags, mtime, xfl, os, then optional fields.
      if (in.length < 10 || (in[0] & 0xff) != 0x1f || (in[1] & 0xff) != 0x8b) {
        return null;
      }
      int flags = in[3] & 0xff;
      off = 10;
      if ((flags & 4) != 0 && off + 2 <= in.length) {
        off += 2 + ((in[off] & 0xff) | (in[off + 1] & 0xff) << 8);
      }
      if ((flags & 8) != 0) {
        while (off < in.length && in[off] != 0) {
          off++;
        }
        off++;
      }
      if ((flags & 16) != 0) {
        while (off < in.length && in[off] != 0) {
          off++;
        }
        off++;
      }
      if ((flags & 2) != 0) {
        off += 2;
      }
      if (off >= in.length) {
        return null;
      }
    }
    Inflater inf = new Inflater(raw);
    try {
      inf.setInput(in, off, in.length - off);
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxOut, in.length * 4 + 64));
      byte[] buf = new byte[8192];
      while (!inf.finished() && out.size() < maxOut) {
        int k = inf.inflate(buf);
        if (k == 0) {
          if (inf.needsInput() || inf.needsDictionary()) {
            break;
          }
        }
        out.write(buf, 0, Math.min(k, maxOut - out.size()));
      }
      byte[] r = out.toByteArray();
      return r.length == 0 ? null : latin1(r, r.length);
    } finally {
      inf.end();
    }
  }

  static String rot13(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      char x = c[i];
      if (x >= 'a' && x <= 'z') {
        c[i] = (char) ('a' + (x - 'a' + 13) % 26);
      } else if (x >= 'A' && x <= 'Z') {
        c[i] = (char) ('A' + (x - 'A' + 13) % 26);
      }
    }
    return new String(c);
  }

  static String hex(String s) {
    if (s.length() % 2 != 0) {
      return null;
    }
    StringBuilder b = new StringBuilder(s.length() / 2);
    for (int i = 0; i + 1 < s.length(); i += 2) {
      int hi = Character.digit(s.charAt(i), 16);
      int lo = Character.digit(s.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      b.append((char) (hi << 4 | lo));
    }
    return b.toString();
  }

  static String percent(String s, boolean plus) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+' && plus) {
        b.append(' ');
      } else if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        b.append((char) (Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16)));
        i += 2;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static String uudecode(String s) {
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int len = (line.charAt(0) - 32) & 63;
      if (len == 0) {
        break;
      }
      int written = 0;
      for (int i = 1; i + 3 < line.length() + 1 && written < len; i += 4) {
        int[] v = new int[4];
        for (int k = 0; k < 4; k++) {
          v[k] = i + k < line.length() ? (line.charAt(i + k) - 32) & 63 : 0;
        }
        int[] out = {(v[0] << 2 | v[1] >> 4) & 0xff, (v[1] << 4 | v[2] >> 2) & 0xff, (v[2] << 6 | v[3]) & 0xff};
        for (int k = 0; k < 3 && written < len; k++, written++) {
          b.append((char) out[k]);
        }
      }
    }
    return b.toString();
  }

  static String strtr(String s, String from, String to) {
    int m = Math.min(from.length(), to.length());
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      int k = from.indexOf(c[i]);
      if (k >= 0 && k < m) {
        c[i] = to.charAt(k);
      }
    }
    return new String(c);
  }

  static String substr(String s, int start, Integer len) {
    int n = s.length();
    int from = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    int to;
    if (len == null) {
      to = n;
    } else if (len < 0) {
      to = Math.max(from, n + len);
    } else {
      to = Math.min(n, from + len);
    }
    return s.substring(from, to);
  }
}
