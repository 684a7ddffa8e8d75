package dev.spamtrace.response.firewall;

import java.util.List;

/**
 * One of spamtrace's own sets, whatever the back end (an nftables named set in table
 * {@code inet spamtrace}, or an ipset named {@code spamtrace-…}). The rules only point at sets, so
 * every block, policy and exception is a set element: the lookup stays in the kernel's hash or
 * interval tree however many there are, and the dead-man switch is an element timeout.
 *
 * @param name the set's name in nftables ({@code block4}, {@code cc_ftp_ports})
 * @param kind what its elements are
 * @param v6 IPv6 addresses rather than IPv4 (meaningless for port sets)
 * @param effect whether its elements change what gets through; the others (never-block, a
 *     policy's allowed networks) only qualify effect sets, and are inert alone
 */
public record OurSet(String name, Kind kind, boolean v6, boolean effect) {
  /** What a set holds. */
  public enum Kind {
    /** Networks. */
    NET,
    /** A network and a port range together. */
    NET_PORT,
    /** Port ranges. */
    PORT
  }

  public static final OurSet NEVER4 = new OurSet("never4", Kind.NET, false, false);
  public static final OurSet NEVER6 = new OurSet("never6", Kind.NET, true, false);
  public static final OurSet BLOCK4 = new OurSet("block4", Kind.NET, false, true);
  public static final OurSet BLOCK6 = new OurSet("block6", Kind.NET, true, true);
  public static final OurSet BLOCKPORT4 = new OurSet("blockport4", Kind.NET_PORT, false, true);
  public static final OurSet BLOCKPORT6 = new OurSet("blockport6", Kind.NET_PORT, true, true);
  public static final OurSet SMTP_PORTS = new OurSet("smtp_ports", Kind.PORT, false, true);

  /** The sets every layout has. */
  public static final List<OurSet> FIXED = List.of(NEVER4, NEVER6, BLOCK4, BLOCK6, BLOCKPORT4, BLOCKPORT6, SMTP_PORTS);

  public static OurSet policyPorts(String policy) {
    return new OurSet("cc_" + policy + "_ports", Kind.PORT, false, true);
  }

  public static OurSet policyAllow(String policy, boolean v6) {
    return new OurSet("cc_" + policy + "_allow" + (v6 ? "6" : "4"), Kind.NET, v6, false);
  }

  /** The policy a {@code cc_NAME_…} set belongs to, or null. */
  public static String policyOf(String setName) {
    if (!setName.startsWith("cc_")) {
      return null;
    }
    int end = setName.lastIndexOf('_');
    return end > 3 ? setName.substring(3, end) : null;
  }

  /** Known sets by name, including policy sets. */
  public static OurSet byName(String name) {
    for (OurSet s : FIXED) {
      if (s.name.equals(name)) {
        return s;
      }
    }
    String p = policyOf(name);
    if (p != null) {
      for (OurSet s : List.of(policyPorts(p), policyAllow(p, false), policyAllow(p, true))) {
        if (s.name.equals(name)) {
          return s;
        }
      }
    }
    return null;
  }

  /** Effect sets take timeouts (the dead-man switch and expiries). */
  public boolean timeouts() {
    return effect;
  }

  /** The set for an address family: {@code block4} or {@code block6}. */
  public static OurSet blockFor(Cidr net, boolean withPorts) {
    if (withPorts) {
      return net.v6() ? BLOCKPORT6 : BLOCKPORT4;
    }
    return net.v6() ? BLOCK6 : BLOCK4;
  }

  /** The ipset name: at most 31 characters, {@code spamtrace-} then the name with dashes. */
  public String ipsetName() {
    return "spamtrace-" + name.replace('_', '-');
  }
}
