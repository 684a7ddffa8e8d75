package dev.spamtrace.filescan.php;

import java.util.Collection;

/**
 * A fixed set of PHP function names looked up case-insensitively (PHP's own rule for function
 * names) without lower-casing the name first: the folder asks it at every call in every file it
 * reads, and most names there (methods in camelCase) are in no set.
 */
final class NameSet {
  private final String[] slots; // open addressing, lower-case names, null = empty
  private final int mask;
  private final int shortest;
  private final int longest;
  /**
   * One bit per (length, first letter, last letter) of the members: most names asked about are
   * rejected by it without hashing them.
   */
  private final long[] sketch = new long[16];

  NameSet(Collection<String> lowerCaseNames) {
    int cap = Integer.highestOneBit(Math.max(4, lowerCaseNames.size() * 4) - 1) << 1;
    slots = new String[cap];
    mask = cap - 1;
    int lo = Integer.MAX_VALUE;
    int hi = 0;
    for (String n : lowerCaseNames) {
      int k = hash(n) & mask;
      while (slots[k] != null && !slots[k].equals(n)) {
        k = (k + 1) & mask;
      }
      slots[k] = n;
      int b = sketchBit(n);
      sketch[b >>> 6] |= 1L << b;
      lo = Math.min(lo, n.length());
      hi = Math.max(hi, n.length());
    }
    shortest = lo;
    longest = hi;
  }

  boolean contains(String name) {
    if (name.length() < shortest || name.length() > longest) {
      return false;
    }
    int b = sketchBit(name);
    if ((sketch[b >>> 6] & (1L << b)) == 0) {
      return false;
    }
    int k = hash(name) & mask;
    for (String s = slots[k]; s != null; s = slots[k = (k + 1) & mask]) {
      if (s.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static int sketchBit(String s) {
    return ((s.length() * 31 + lower(s.charAt(0))) * 31 + lower(s.charAt(s.length() - 1))) & 1023;
  }

  private static int lower(char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  /** A hash of the name as if lower-cased (ASCII letters only: PHP folds no others). */
  private static int hash(String s) {
    int h = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return h ^ (h >>> 16);
  }
}
