package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.dns.BlocklistChecker;
import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.dns.ResolverChoice;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code blocklist}: the server's addresses (and, if asked, the customer domains other findings
 * name) on the DNS lists, as {@code blocklist-listing} findings. Sends DNS queries only when
 * {@code blocklist.investigate} is on: investigate is otherwise silent on the network (tests, the
 * demo, servers without a suitable resolver). Runs after the observers so it can see their domains.
 */
public final class BlocklistInspector implements Inspector {
  public static final String ID = "blocklist";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.CORRELATE;
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    BlocklistSettings s = BlocklistSettings.of(ctx.config());
    if (!s.investigate()) {
      return InspectionResult.notApplicable(ID, Text.of(
          "blocklists not checked: blocklist.investigate is off (run `spamtrace blocklist check --server`, or turn it on)",
          "ブラックリストは確認していません: blocklist.investigate が無効です (`spamtrace blocklist check --server` を実行するか有効にしてください)"));
    }
    InspectionResult.Collector out = InspectionResult.collector(ID);
    List<Subject> subjects = new ArrayList<>();
    List<String> configured = ctx.config().server().addresses();
    if (configured != null && !configured.isEmpty()) {
      for (String a : configured) {
        Subject sub = Subject.parse(a);
        if (sub != null && sub.isAddress()) {
          subjects.add(sub);
        }
      }
    } else {
      ServerAddresses.Discovered d = ServerAddresses.discover(ctx.root());
      d.addresses().forEach(f -> subjects.add(Subject.parse(f.address())));
      d.unreadable().forEach(u -> out.gap(u, Text.of("could not read it while looking for the server's addresses",
          "サーバのアドレスを探す際に読めませんでした")));
    }
    if (subjects.isEmpty()) {
      return out.gap("server.addresses", Text.of("no public address of this server is known: set server.addresses",
          "このサーバの公開アドレスが分かりません: server.addresses を設定してください")).build();
    }
    ZoneCatalogue catalogue;
    try {
      catalogue = Zones.catalogue(s);
    } catch (IllegalArgumentException e) {
      return out.gap("blocklist.catalogue-extra", Text.of("cannot read it: %s", "読めません: %s", e.getMessage())).build();
    }
    List<Zone> zones = new ArrayList<>(Zones.choose(catalogue, s.zones(), Zone.Target.IP, s.keys()));
    if (s.investigateDomains()) {
      List<String> domains = SpamDomains.from(ctx.earlier());
      for (String d : domains) {
        Subject sub = Subject.parse(d);
        if (sub != null && !sub.isAddress()) {
          subjects.add(sub);
        }
      }
      if (!domains.isEmpty()) {
        zones.addAll(Zones.choose(catalogue, s.domainZones(), Zone.Target.DOMAIN, s.keys()));
      }
    }
    ResolverChoice resolver;
    try {
      resolver = ResolverChoice.choose(null, s.resolver(), ResolverChoice.RESOLV_CONF);
    } catch (IllegalArgumentException e) {
      return out.gap("blocklist.resolver", Text.of("no resolver to ask: %s", "問い合わせるリゾルバがありません: %s", e.getMessage())).build();
    }
    resolver.warnings().forEach(w -> out.gap(resolver.from(), w));
    CheckRun run;
    try (BlocklistChecker checker = new BlocklistChecker(s.transport(resolver.address()), s.checkerSettings(), ctx.clock())) {
      run = checker.check(subjects, zones, s.keys());
    } catch (java.io.IOException e) {
      return out.gap(resolver.from(), Text.of("cannot open a socket to the resolver: %s", "リゾルバへのソケットを開けません: %s", e.getMessage())).build();
    }
    ListingFindings.findings(run, ctx.server(), ID).forEach(out::finding);
    for (Map.Entry<String, Map<String, List<String>>> z : ListingFindings.unknownByZone(run).entrySet()) {
      for (Map.Entry<String, List<String>> why : z.getValue().entrySet()) {
        out.gap(z.getKey(), Text.of("could not tell for %s: %s", "%s について判定できません: %s", String.join(", ", why.getValue()), why.getKey()));
      }
    }
    out.covered(Text.of("address and domain checks on DNS lists (%d lists, through %s)", "DNS ブラックリストの確認 (%d リスト、%s 経由)",
        zones.size(), run.resolver()), run.checks().size());
    return out.build();
  }
}
