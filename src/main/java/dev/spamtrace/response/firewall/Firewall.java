package dev.spamtrace.response.firewall;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The firewall as one action sees it: the settings, the tools (in the configured namespace), the
 * back end in use, the firewall managers that would fight us, and the never-block list.
 */
public final class Firewall {
  private final ActionContext ctx;
  private final FirewallSettings settings;
  private final FirewallTools tools;
  private final Map<String, String> env;

  private Firewall(ActionContext ctx, Map<String, String> env, String netns) {
    this.ctx = ctx;
    this.settings = settings(ctx.config());
    this.tools = new FirewallTools(ctx.commands(), netns == null ? settings.netns() : netns);
    this.env = env;
  }

  public static Firewall of(ActionContext ctx, Map<String, String> env) {
    return new Firewall(ctx, env, null);
  }

  /** The firewall in a given namespace (undo acts where the action acted, whatever the configuration says now). */
  public static Firewall in(ActionContext ctx, Map<String, String> env, String netns) {
    return new Firewall(ctx, env, netns);
  }

  public static FirewallSettings settings(dev.spamtrace.config.Config config) {
    return config.section("firewall", FirewallSettings.class);
  }

  public FirewallSettings settings() {
    return settings;
  }

  public FirewallTools tools() {
    return tools;
  }

  public ActionContext context() {
    return ctx;
  }

  /** Why no firewall change may be made here at all; empty when it may. */
  public List<Text> refusals() {
    List<Text> out = new ArrayList<>();
    HostRoot root = ctx.root();
    if (!root.isLiveSystem() && tools.netns().isEmpty()) {
      out.add(Text.of("the root is %s, not this machine: its firewall is not the one spamtrace would change (run on the server, or set firewall.netns)",
          "ルートが %s でこのマシンではありません。変更されるのはこのマシンのファイアウォールです (サーバー上で実行するか firewall.netns を設定してください)",
          root.label()));
      return out;
    }
    FirewallManagers.Found m = FirewallManagers.detect(root);
    if (!m.managers().isEmpty() && !settings.besideManager()) {
      out.add(Text.of("%s manages this firewall and would fight or flush our rules; refusing (firewall.beside-manager: true writes our own table beside it)",
          "%s がこのファイアウォールを管理しており、ルールを上書き・消去します。操作しません (firewall.beside-manager: true で独自テーブルを併設します)",
          String.join(", ", m.managers())));
    }
    if (!m.problems().isEmpty() && !settings.besideManager()) {
      out.add(Text.of("cannot tell whether a firewall manager runs: %s", "ファイアウォール管理ツールの有無を確認できません: %s",
          String.join("; ", m.problems())));
    }
    return out;
  }

  /** The back end named in the settings, or the one this server uses. */
  public FirewallBackend backend() throws IOException {
    return backend(settings.backend());
  }

  /** A back end by name ({@code auto} detects). */
  public FirewallBackend backend(String name) throws IOException {
    switch (name) {
      case "nftables":
        return new NftBackend(tools);
      case "iptables":
        return new IptablesBackend(tools);
      default:
        if (NftBackend.available(tools)) {
          return new NftBackend(tools);
        }
        if (IptablesBackend.available(tools)) {
          return new IptablesBackend(tools);
        }
        throw new IOException("neither nftables (nft) nor iptables with ipset answers here");
    }
  }

  public NeverBlock neverBlock() {
    return NeverBlock.gather(settings.neverBlock(), ctx.config().server().addresses(), env, tools, ctx.commands());
  }

  /** The layout for the configured policies and any whose sets already exist. */
  public Layout layout(FirewallState state) {
    List<String> policies = new ArrayList<>();
    settings.countryPolicies().forEach(p -> policies.add(p.name()));
    for (String p : state.policies()) {
      if (!policies.contains(p)) {
        policies.add(p);
      }
    }
    List<Integer> uids = SystemUsers.read(ctx.root()).uidsOf(ctx.config().users().mta());
    return new Layout(uids, policies);
  }

  /** The folder in the case folder that keeps rule files and before/after listings. */
  public Path workDir() throws IOException {
    return ctx.caseFolder().sub("firewall");
  }

  /** Seconds before an unconfirmed change rolls back; null when the dead-man switch is off. */
  public Long deadmanSeconds() {
    return settings.confirmWithinSeconds();
  }

  /** When an unconfirmed change made now rolls back, or null. */
  public Instant rollbackAt() {
    Long s = deadmanSeconds();
    return s == null ? null : ctx.clock().instant().plusSeconds(s);
  }

  /**
   * The kernel timeout for an element put in now that should last until {@code finalExpiry}
   * (null: until removed): the dead-man's, unless the expiry comes first.
   */
  public Long initialTimeout(Instant finalExpiry) {
    Long deadman = deadmanSeconds();
    Long untilExpiry = finalExpiry == null ? null : Math.max(1, Duration.between(ctx.clock().instant(), finalExpiry).toSeconds());
    if (deadman == null) {
      return untilExpiry;
    }
    return untilExpiry == null ? deadman : Math.min(deadman, untilExpiry);
  }

  /** The never-block sets' content, for every change (they follow the SSH session). */
  public static void putNever(Change change, NeverBlock nb) {
    List<Element> v4 = new ArrayList<>();
    List<Element> v6 = new ArrayList<>();
    for (NeverBlock.Entry e : nb.entries()) {
      (e.net().v6() ? v6 : v4).add(Element.net(e.net()));
    }
    change.replace(OurSet.NEVER4, collapse(v4));
    change.replace(OurSet.NEVER6, collapse(v6));
  }

  private static List<Element> collapse(List<Element> els) {
    return Cidr.collapse(els.stream().map(Element::net).toList()).stream().map(Element::net).toList();
  }
}
