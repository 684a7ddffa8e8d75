package dev.spamtrace.response.accounts;

import java.security.SecureRandom;

/**
 * Strong random passwords: from the system's strong source, over letters and digits without the
 * look-alikes (0/O, 1/l/I) a customer copies wrongly from a phone call, plus a few symbols every
 * FTP daemon and panel accepts; at least one of each class.
 */
final class NewPassword {
  static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  static final String DIGITS = "23456789";
  static final String SYMBOLS = "-_+=%";
  static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;

  private static final SecureRandom RANDOM = new SecureRandom();

  private NewPassword() {}

  static String generate(int length) {
    int n = Math.max(16, length);
    while (true) {
      char[] c = new char[n];
      for (int i = 0; i < n; i++) {
        c[i] = ALL.charAt(RANDOM.nextInt(ALL.length()));
      }
      String s = new String(c);
      if (any(s, UPPER) && any(s, LOWER) && any(s, DIGITS) && any(s, SYMBOLS)) {
        return s;
      }
    }
  }

  private static boolean any(String s, String set) {
    for (int i = 0; i < s.length(); i++) {
      if (set.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }
}
