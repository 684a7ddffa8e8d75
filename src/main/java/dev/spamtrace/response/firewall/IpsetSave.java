package dev.spamtrace.response.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ipset save} (ipset 7.x: {@code create NAME TYPE …} and {@code add NAME ENTRY [timeout N]}
 * lines) into our sets' members, ignoring every set that is not ours. Pure: text in, state out.
 * Entries are {@code 203.0.113.0/24} (hash:net), {@code 203.0.113.0/24,tcp:21} (hash:net,port: one
 * entry per port; the udp twin of each tcp entry is not counted twice) and {@code 25} (bitmap:port).
 * {@code timeout 0} in a set with timeouts means "until removed".
 */
public final class IpsetSave {
  public static final String PREFIX = "spamtrace-";

  private IpsetSave() {}

  /** Our sets by ipset name. */
  static Map<String, OurSet> byIpsetName(List<OurSet> known) {
    Map<String, OurSet> m = new LinkedHashMap<>();
    known.forEach(s -> m.put(s.ipsetName(), s));
    return m;
  }

  /** Our set for an ipset name, including policy sets not in the layout. */
  static OurSet ours(String ipsetName) {
    if (!ipsetName.startsWith(PREFIX)) {
      return null;
    }
    String rest = ipsetName.substring(PREFIX.length());
    // cc-NAME-ports → cc_NAME_ports; block4, smtp-ports → smtp_ports
    String nft = rest.startsWith("cc-") ? "cc_" + rest.substring(3, rest.lastIndexOf('-')) + "_" + rest.substring(rest.lastIndexOf('-') + 1)
        : rest.replace('-', '_');
    OurSet s = OurSet.byName(nft);
    return s != null && s.ipsetName().equals(ipsetName) ? s : null;
  }

  public static FirewallState parse(String save) {
    Map<String, List<Member>> sets = new LinkedHashMap<>();
    boolean present = false;
    for (String line : save.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      OurSet set = ours(f[1]);
      if (set == null) {
        continue;
      }
      if (f[0].equals("create")) {
        present = true;
        sets.putIfAbsent(set.name(), new ArrayList<>());
        continue;
      }
      if (!f[0].equals("add")) {
        continue;
      }
      Long timeout = null;
      for (int i = 3; i + 1 < f.length; i++) {
        if (f[i].equals("timeout") && f[i + 1].matches("\\d{1,10}")) {
          long t = Long.parseLong(f[i + 1]);
          timeout = t == 0 ? null : t;
        }
      }
      Element e = element(set, f[2]);
      if (e != null) {
        sets.computeIfAbsent(set.name(), k -> new ArrayList<>()).add(new Member(e, timeout, timeout));
      }
    }
    return new FirewallState(present, sets);
  }

  private static Element element(OurSet set, String entry) {
    try {
      return switch (set.kind()) {
        case NET -> Element.net(Cidr.parse(entry));
        case PORT -> Element.port(PortRange.parse(entry));
        case NET_PORT -> {
          int comma = entry.indexOf(',');
          String proto = entry.substring(comma + 1);
          if (!proto.startsWith("tcp:")) {
            yield null; // the udp twin of a tcp entry
          }
          yield Element.netPort(Cidr.parse(entry.substring(0, comma)), PortRange.parse(proto.substring(4)));
        }
      };
    } catch (RuntimeException e) {
      return null; // not an entry we write
    }
  }
}
