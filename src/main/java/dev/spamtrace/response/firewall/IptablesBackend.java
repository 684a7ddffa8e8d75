package dev.spamtrace.response.firewall;

import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * iptables with ipset, for servers without nftables. Our sets are ipsets named {@code spamtrace-…}
 * (created with {@code timeout 0}, so each entry can carry the dead-man timeout); our rules are
 * two chains of our own, {@code SPAMTRACE-IN} and {@code SPAMTRACE-OUT} in the filter table of
 * iptables and ip6tables, entered by one jump at the top of INPUT and OUTPUT. Changes go in as
 * {@code ipset -exist restore} and {@code iptables-restore --noflush} files written to the case
 * folder; with {@code --noflush} only the chains the file names (ours) are rebuilt. Nothing else
 * is listed, flushed or deleted. Unlike nftables, the sets and the two address families are
 * separate steps, not one transaction (see {@link #apply} for their order).
 */
public final class IptablesBackend implements FirewallBackend {
  static final String IN = "SPAMTRACE-IN";
  static final String OUT = "SPAMTRACE-OUT";

  private final FirewallTools tools;

  public IptablesBackend(FirewallTools tools) {
    this.tools = tools;
  }

  /** Whether iptables and ipset both run here. */
  public static boolean available(FirewallTools tools) {
    return tools.answers("iptables", "-w", "-S", "INPUT") && tools.answers("ipset", "version");
  }

  @Override
  public String name() {
    return "iptables";
  }

  @Override
  public boolean refusesOverlaps() {
    return false;
  }

  private String ipsetSave() throws IOException {
    SystemCommand.Result r = tools.run("ipset", "save");
    if (!r.ok()) {
      throw new IOException("ipset save: " + r.describe());
    }
    return r.stdout();
  }

  private boolean chainExists(String tool, String chain) throws IOException {
    return tools.run(tool, "-w", "-S", chain).ok();
  }

  @Override
  public FirewallState read() throws IOException {
    FirewallState s = IpsetSave.parse(ipsetSave());
    boolean chains = chainExists("iptables", IN) || chainExists("ip6tables", IN);
    return new FirewallState(s.present() || chains, s.sets());
  }

  @Override
  public String snapshot() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String tool : List.of("iptables", "ip6tables")) {
      b.append("# ").append(tool).append('\n');
      for (String chain : List.of("INPUT", "OUTPUT")) {
        SystemCommand.Result r = tools.run(tool, "-w", "-S", chain);
        for (String line : r.stdout().split("\n")) {
          if (line.contains("SPAMTRACE-")) {
            b.append(line).append('\n');
          }
        }
      }
      for (String chain : List.of(IN, OUT)) {
        SystemCommand.Result r = tools.run(tool, "-w", "-S", chain);
        b.append(r.ok() ? r.stdout() : "# " + chain + " absent\n");
      }
    }
    b.append("# ipset\n");
    for (String line : ipsetSave().split("\n")) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[1].startsWith(IpsetSave.PREFIX)) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Three steps, ordered so that a failure leaves no element of this change in force: the sets
   * are created (empty, or as they were), then our chains are rebuilt (a failure here has changed
   * no element), then the elements change.
   */
  @Override
  public Path apply(Layout layout, Change change, Path workDir) throws IOException {
    Files.createDirectories(workDir);
    Path creates = Files.createTempFile(workDir, "ipset-sets-", ".restore");
    Files.writeString(creates, renderCreates(layout), StandardCharsets.UTF_8);
    restore(List.of("ipset", "-exist", "restore", "-file", creates.toString()));
    for (boolean v6 : new boolean[] {false, true}) {
      String tool = v6 ? "ip6tables" : "iptables";
      boolean jumpIn = tools.run(tool, "-w", "-C", "INPUT", "-j", IN).ok();
      boolean jumpOut = tools.run(tool, "-w", "-C", "OUTPUT", "-j", OUT).ok();
      Path rules = Files.createTempFile(workDir, tool + "-", ".rules");
      Files.writeString(rules, renderRules(layout, v6, !jumpIn, !jumpOut), StandardCharsets.UTF_8);
      restore(List.of(tool + "-restore", "--noflush", rules.toString()));
    }
    Path elements = Files.createTempFile(workDir, "ipset-elements-", ".restore");
    Files.writeString(elements, renderElements(change), StandardCharsets.UTF_8);
    restore(List.of("ipset", "-exist", "restore", "-file", elements.toString()));
    return elements;
  }

  private void restore(List<String> argv) throws IOException {
    SystemCommand.Result r = tools.run(argv, null);
    if (!r.ok()) {
      throw new IOException(String.join(" ", argv) + ": " + r.describe());
    }
  }

  @Override
  public void removeAll() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String tool : List.of("iptables", "ip6tables")) {
      for (String[] jump : new String[][] {{"INPUT", IN}, {"OUTPUT", OUT}}) {
        // one jump each is what we insert; a loop bounds it in case someone copied it
        for (int i = 0; i < 16 && tools.run(tool, "-w", "-C", jump[0], "-j", jump[1]).ok(); i++) {
          tools.run(tool, "-w", "-D", jump[0], "-j", jump[1]);
        }
      }
      for (String chain : List.of(IN, OUT)) {
        if (chainExists(tool, chain)) {
          SystemCommand.Result f = tools.run(tool, "-w", "-F", chain);
          SystemCommand.Result x = tools.run(tool, "-w", "-X", chain);
          if (!f.ok() || !x.ok()) {
            problems.add(tool + " " + chain + ": " + (f.ok() ? x.describe() : f.describe()));
          }
        }
      }
    }
    for (String line : ipsetSave().split("\n")) {
      String[] f = line.split(" ");
      if (f.length > 1 && f[0].equals("create") && IpsetSave.ours(f[1]) != null) {
        SystemCommand.Result d = tools.run("ipset", "destroy", f[1]);
        if (!d.ok()) {
          problems.add("ipset destroy " + f[1] + ": " + d.describe());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(String.join("; ", problems));
    }
  }

  static String renderSets(Layout layout, Change change) {
    return renderCreates(layout) + renderElements(change);
  }

  static String renderCreates(Layout layout) {
    StringBuilder b = new StringBuilder();
    for (OurSet s : layout.sets()) {
      b.append("create ").append(s.ipsetName()).append(' ').append(ipsetType(s));
      if (s.kind() != OurSet.Kind.PORT) {
        b.append(" family ").append(s.v6() ? "inet6" : "inet");
      }
      if (s.kind() == OurSet.Kind.NET && !s.effect()) {
        b.append(" maxelem 1048576"); // a country's networks
      }
      if (s.timeouts()) {
        b.append(" timeout 0");
      }
      b.append('\n');
    }
    return b.toString();
  }

  static String renderElements(Change change) {
    StringBuilder b = new StringBuilder();
    for (Change.Remove r : change.removes()) {
      for (String e : entries(r.set(), r.element())) {
        b.append("del ").append(r.set().ipsetName()).append(' ').append(e).append('\n');
      }
    }
    List<Change.Add> adds = new ArrayList<>(change.adds());
    adds.addAll(change.retimes()); // -exist: adding a present entry sets its timeout
    for (Change.Add a : adds) {
      for (String e : entries(a.set(), a.element())) {
        b.append("add ").append(a.set().ipsetName()).append(' ').append(e).append(" timeout ")
            .append(a.timeoutSeconds() == null ? 0 : a.timeoutSeconds()).append('\n');
      }
    }
    for (Map.Entry<OurSet, List<Element>> e : change.replacements().entrySet()) {
      b.append("flush ").append(e.getKey().ipsetName()).append('\n');
      for (Element el : e.getValue()) {
        for (String entry : entries(e.getKey(), el)) {
          b.append("add ").append(e.getKey().ipsetName()).append(' ').append(entry).append('\n');
        }
      }
    }
    return b.toString();
  }

  private static String ipsetType(OurSet s) {
    return switch (s.kind()) {
      case NET -> "hash:net";
      case NET_PORT -> "hash:net,port";
      case PORT -> "bitmap:port range 0-65535";
    };
  }

  /** The ipset entries for an element: a port block is one entry for tcp and one for udp. */
  static List<String> entries(OurSet set, Element e) {
    return switch (set.kind()) {
      case NET -> List.of(e.net().toString());
      case PORT -> List.of(e.ports().toString());
      case NET_PORT -> List.of(e.net() + ",tcp:" + e.ports(), e.net() + ",udp:" + e.ports());
    };
  }

  static String renderRules(Layout layout, boolean v6, boolean addJumpIn, boolean addJumpOut) {
    String f = v6 ? "6" : "4";
    StringBuilder b = new StringBuilder("# written by spamtrace; iptables-restore --noflush rebuilds only our two chains\n*filter\n");
    b.append(':').append(IN).append(" - [0:0]\n");
    b.append(':').append(OUT).append(" - [0:0]\n");
    in(b, "-i lo -j RETURN");
    in(b, "-m set --match-set spamtrace-never" + f + " src -j RETURN");
    in(b, "-m set --match-set spamtrace-block" + f + " src -j DROP");
    in(b, "-p tcp -m set --match-set spamtrace-blockport" + f + " src,dst -j DROP");
    in(b, "-p udp -m set --match-set spamtrace-blockport" + f + " src,dst -j DROP");
    for (String p : layout.policies()) {
      in(b, "-p tcp -m conntrack --ctstate NEW -m set --match-set " + OurSet.policyPorts(p).ipsetName() + " dst -m set ! --match-set "
          + OurSet.policyAllow(p, v6).ipsetName() + " src -j DROP");
    }
    out(b, "-o lo -j RETURN");
    String smtp = "-p tcp -m conntrack --ctstate NEW -m set --match-set " + OurSet.SMTP_PORTS.ipsetName() + " dst";
    for (int uid : layout.mtaUids()) {
      out(b, smtp + " -m owner --uid-owner " + uid + " -j RETURN");
    }
    out(b, smtp + " -j LOG --log-prefix \"" + Layout.SMTP_LOG_PREFIX + "\"");
    out(b, smtp + " -j REJECT --reject-with tcp-reset");
    if (addJumpIn) {
      b.append("-I INPUT 1 -j ").append(IN).append('\n');
    }
    if (addJumpOut) {
      b.append("-I OUTPUT 1 -j ").append(OUT).append('\n');
    }
    b.append("COMMIT\n");
    return b.toString();
  }

  private static void in(StringBuilder b, String rule) {
    b.append("-A ").append(IN).append(' ').append(rule).append('\n');
  }

  private static void out(StringBuilder b, String rule) {
    b.append("-A ").append(OUT).append(' ').append(rule).append('\n');
  }
}
