package dev.spamtrace.response.firewall;

import dev.spamtrace.geoip.PublicAddress;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An IPv4 or IPv6 network in CIDR form. Built only from IP literals (never a host name) and always
 * written back in canonical form, so nothing but digits, dots, colons and a slash ever reaches a
 * rule file.
 *
 * @param v6 IPv6 rather than IPv4
 * @param base the first address, as an unsigned number, with the host bits zero
 * @param prefix the prefix length
 */
public record Cidr(boolean v6, BigInteger base, int prefix) implements Comparable<Cidr> {
  private static final BigInteger MAX4 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  private static final BigInteger MAX6 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  public Cidr {
    int bits = v6 ? 128 : 32;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length " + prefix + " out of range");
    }
    if (base.signum() < 0 || base.compareTo(v6 ? MAX6 : MAX4) > 0 || !base.equals(mask(base, prefix, bits))) {
      throw new IllegalArgumentException("not a network base for /" + prefix);
    }
  }

  /**
   * Parses {@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/32} or {@code [::1]}.
   * Host bits must be zero ({@code 203.0.113.7/24} is refused: the operator meant one of two things).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Cidr parse(String s) {
    if (s == null) {
      throw new IllegalArgumentException("no address");
    }
    String t = s.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    InetAddress a = PublicAddress.parseLiteral(addr);
    if (a == null) {
      throw new IllegalArgumentException("not an IP address or network: " + printable(s));
    }
    boolean v6 = !(a instanceof Inet4Address);
    int bits = v6 ? 128 : 32;
    int prefix = bits;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > bits) {
        throw new IllegalArgumentException("bad prefix length in " + printable(s));
      }
      prefix = Integer.parseInt(p);
    }
    BigInteger n = new BigInteger(1, a.getAddress());
    if (!n.equals(mask(n, prefix, bits))) {
      throw new IllegalArgumentException(printable(s) + " has host bits set; did you mean " + new Cidr(v6, mask(n, prefix, bits), prefix) + "?");
    }
    return new Cidr(v6, n, prefix);
  }

  /** The single address. */
  public static Cidr of(InetAddress a) {
    boolean v6 = !(a instanceof Inet4Address);
    return new Cidr(v6, new BigInteger(1, a.getAddress()), v6 ? 128 : 32);
  }

  /** The network of {@code a} with the given prefix (host bits dropped). */
  public static Cidr of(InetAddress a, int prefix) {
    boolean v6 = !(a instanceof Inet4Address);
    return new Cidr(v6, mask(new BigInteger(1, a.getAddress()), prefix, v6 ? 128 : 32), prefix);
  }

  private static BigInteger mask(BigInteger n, int prefix, int bits) {
    int host = bits - prefix;
    return n.shiftRight(host).shiftLeft(host);
  }

  private static String printable(String s) {
    String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
    StringBuilder b = new StringBuilder();
    t.codePoints().forEach(c -> b.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
    return "'" + b + "'";
  }

  public int bits() {
    return v6 ? 128 : 32;
  }

  public BigInteger first() {
    return base;
  }

  public BigInteger last() {
    return base.add(BigInteger.ONE.shiftLeft(bits() - prefix)).subtract(BigInteger.ONE);
  }

  public boolean isSingleAddress() {
    return prefix == bits();
  }

  public boolean contains(Cidr o) {
    return v6 == o.v6 && first().compareTo(o.first()) <= 0 && last().compareTo(o.last()) >= 0;
  }

  public boolean overlaps(Cidr o) {
    return v6 == o.v6 && first().compareTo(o.last()) <= 0 && o.first().compareTo(last()) <= 0;
  }

  public boolean contains(InetAddress a) {
    return contains(of(a));
  }

  /** The first address as an {@link InetAddress}. */
  public InetAddress address() {
    byte[] raw = base.toByteArray();
    byte[] out = new byte[bits() / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    try {
      return InetAddress.getByAddress(out);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Canonical text: the bare address for a single one, {@code addr/len} otherwise. */
  @Override
  public String toString() {
    String a = address().getHostAddress();
    if (v6) {
      a = compress(a);
    }
    return isSingleAddress() ? a : a + "/" + prefix;
  }

  /** Java prints {@code 2001:db8:0:0:0:0:0:1}; tools print {@code 2001:db8::1}. Same value, one spelling. */
  private static String compress(String full) {
    String[] parts = full.split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < parts.length; ) {
      if (parts[i].equals("0")) {
        int j = i;
        while (j < parts.length && parts[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
    String right = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
    return left + "::" + right;
  }

  @Override
  public int compareTo(Cidr o) {
    if (v6 != o.v6) {
      return v6 ? 1 : -1;
    }
    int c = base.compareTo(o.base);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  /** The fewest CIDR networks that cover exactly {@code first..last}. */
  public static List<Cidr> range(boolean v6, BigInteger first, BigInteger last) {
    int bits = v6 ? 128 : 32;
    List<Cidr> out = new ArrayList<>();
    BigInteger cur = first;
    while (cur.compareTo(last) <= 0) {
      int host = cur.signum() == 0 ? bits : cur.getLowestSetBit();
      host = Math.min(host, bits);
      // shrink until the block fits inside the range
      while (host > 0 && cur.add(BigInteger.ONE.shiftLeft(host)).subtract(BigInteger.ONE).compareTo(last) > 0) {
        host--;
      }
      out.add(new Cidr(v6, cur, bits - host));
      cur = cur.add(BigInteger.ONE.shiftLeft(host));
    }
    return out;
  }

  /** {@code this} minus every network in {@code others}, as CIDR networks. */
  public List<Cidr> minus(Collection<Cidr> others) {
    List<BigInteger[]> pieces = new ArrayList<>();
    pieces.add(new BigInteger[] {first(), last()});
    for (Cidr o : others) {
      if (!overlaps(o)) {
        continue;
      }
      List<BigInteger[]> next = new ArrayList<>();
      for (BigInteger[] p : pieces) {
        if (o.last().compareTo(p[0]) < 0 || o.first().compareTo(p[1]) > 0) {
          next.add(p);
          continue;
        }
        if (p[0].compareTo(o.first()) < 0) {
          next.add(new BigInteger[] {p[0], o.first().subtract(BigInteger.ONE)});
        }
        if (p[1].compareTo(o.last()) > 0) {
          next.add(new BigInteger[] {o.last().add(BigInteger.ONE), p[1]});
        }
      }
      pieces = next;
    }
    List<Cidr> out = new ArrayList<>();
    for (BigInteger[] p : pieces) {
      out.addAll(range(v6, p[0], p[1]));
    }
    return out;
  }

  /** The fewest CIDR networks covering the union of {@code nets} (adjacent and nested ones merged). */
  public static List<Cidr> collapse(Collection<Cidr> nets) {
    List<Cidr> sorted = new ArrayList<>(nets);
    sorted.sort(Comparator.naturalOrder());
    List<Cidr> out = new ArrayList<>();
    boolean curV6 = false;
    BigInteger curFirst = null;
    BigInteger curLast = null;
    for (Cidr c : sorted) {
      if (curFirst != null && c.v6 == curV6 && c.first().compareTo(curLast.add(BigInteger.ONE)) <= 0) {
        if (c.last().compareTo(curLast) > 0) {
          curLast = c.last();
        }
        continue;
      }
      if (curFirst != null) {
        out.addAll(range(curV6, curFirst, curLast));
      }
      curV6 = c.v6;
      curFirst = c.first();
      curLast = c.last();
    }
    if (curFirst != null) {
      out.addAll(range(curV6, curFirst, curLast));
    }
    return out;
  }
}
