package dev.spamtrace.cli;

import dev.spamtrace.blocklist.BlocklistSettings;
import dev.spamtrace.blocklist.CheckReport;
import dev.spamtrace.blocklist.ServerAddresses;
import dev.spamtrace.blocklist.Zones;
import dev.spamtrace.blocklist.dns.BlocklistChecker;
import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.dns.ResolverChoice;
import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.support.Printable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spamtrace blocklist check [IP|DOMAIN…] [--server]}: one run over many lists, all at once. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check addresses (IPv4, IPv6) and domains on DNS lists, all lists at once, each list's health checked first.",
        "Results: listed (code, meaning, TXT), not listed, or could not tell (why). Every run is kept in the history unless --no-record."},
    footer = ExitCode.HELP)
public final class BlocklistCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RootOptions roots;

  @Parameters(paramLabel = "IP|DOMAIN", description = "addresses and customer domains to check")
  List<String> subjects = new ArrayList<>();

  @Option(names = "--server", description = "also check every public address of the root's server (server.addresses, else its network and panel configuration and, live, /proc/net)")
  boolean server;

  @Option(names = "--resolver", paramLabel = "ADDR[:PORT]", description = "the resolver to ask (default blocklist.resolver, else /etc/resolv.conf); the big lists refuse public resolvers")
  String resolver;

  @Option(names = "--zone", paramLabel = "ZONE", description = "check this list only (repeatable); default: the catalogue's default set")
  List<String> zones = new ArrayList<>();

  @Option(names = "--format", paramLabel = "table|json", description = "output (default table)")
  String format = "table";

  @Option(names = "--no-record", description = "do not keep this run in the history")
  boolean noRecord;

  Clock clock = Clock.systemUTC();
  Path resolvConf = ResolverChoice.RESOLV_CONF;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format must be table or json");
    }
    Config config = common.config();
    Lang lang = common.lang();
    BlocklistSettings settings = BlocklistSettings.of(config);
    PrintWriter err = spec.commandLine().getErr();
    Set<Subject> chosen = new LinkedHashSet<>();
    for (String s : subjects) {
      Subject sub = Subject.parse(s);
      if (sub == null) {
        throw new ParameterException(spec.commandLine(), "not an IP address or a domain name: " + Printable.of(s));
      }
      chosen.add(sub);
    }
    if (server) {
      chosen.addAll(serverAddresses(config, roots.single(spec.commandLine()), err, lang));
    }
    if (chosen.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "give addresses or domains to check, or --server");
    }
    List<Subject> list = List.copyOf(chosen);
    List<Zone> lists = choose(list, settings);
    ResolverChoice rc = ResolverChoice.choose(resolver, settings.resolver(), resolvConf);
    CheckRun run;
    try (BlocklistChecker checker = new BlocklistChecker(settings.transport(rc.address()), settings.checkerSettings(), clock)) {
      run = checker.check(list, lists, settings.keys());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format.equals("json") ? CheckReport.json(run, rc.from(), rc.warnings()) : CheckReport.table(run, rc.from(), rc.warnings(), lang));
    out.flush();
    if (!noRecord) {
      try (HistoryStore h = HistoryStore.open(common.stateDir())) {
        for (HistoryStore.Event e : h.record(run, "check")) {
          err.println((lang == Lang.JA ? "変化: " : "change: ") + e.subject() + " " + e.event() + " " + e.zone() + (e.codes() == null ? "" : " (" + e.codes() + ")"));
        }
      } catch (Exception e) {
        err.println((lang == Lang.JA ? "注意: 履歴に記録できませんでした: " : "warning: not kept in the history: ") + e.getMessage());
      }
    }
    err.flush();
    if (!run.listed().isEmpty()) {
      return ExitCode.FINDINGS;
    }
    return run.unknown().isEmpty() ? ExitCode.CLEAN : ExitCode.PARTIAL;
  }

  private List<Zone> choose(List<Subject> list, BlocklistSettings settings) {
    List<Zone> out = new ArrayList<>();
    try {
      ZoneCatalogue catalogue = Zones.catalogue(settings);
      if (!zones.isEmpty()) {
        out.addAll(Zones.choose(catalogue, zones, Zone.Target.IP, settings.keys()));
        out.addAll(Zones.choose(catalogue, zones, Zone.Target.DOMAIN, settings.keys()));
        return out;
      }
      if (list.stream().anyMatch(Subject::isAddress)) {
        out.addAll(Zones.choose(catalogue, settings.zones(), Zone.Target.IP, settings.keys()));
      }
      if (list.stream().anyMatch(s -> !s.isAddress())) {
        out.addAll(Zones.choose(catalogue, settings.domainZones(), Zone.Target.DOMAIN, settings.keys()));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return out;
  }

  /** The server's public addresses: configured, else discovered under the root; says where each came from. */
  static List<Subject> serverAddresses(Config config, HostRoot root, PrintWriter err, Lang lang) {
    List<Subject> out = new ArrayList<>();
    List<String> configured = config.server().addresses();
    if (configured != null && !configured.isEmpty()) {
      for (String a : configured) {
        Subject s = Subject.parse(a);
        if (s == null || !s.isAddress()) {
          throw new IllegalArgumentException("server.addresses: not an IP address: " + a);
        }
        out.add(s);
      }
      return out;
    }
    ServerAddresses.Discovered d = ServerAddresses.discover(root);
    for (ServerAddresses.Found f : d.addresses()) {
      err.println((lang == Lang.JA ? "サーバのアドレス: " : "server address: ") + f.address() + " (" + Printable.of(f.source()) + ")");
      out.add(Subject.parse(f.address()));
    }
    for (ServerAddresses.Found f : d.notPublic()) {
      if (f.address().startsWith("127.") || f.address().equals("::1")) {
        continue; // loopback: never a sender on a list, not worth a line
      }
      err.println((lang == Lang.JA ? "公開アドレスではないため対象外: " : "not public, not checked: ") + f.address() + " (" + Printable.of(f.source()) + ")");
    }
    for (String u : d.unreadable()) {
      err.println((lang == Lang.JA ? "読めません: " : "could not read: ") + Printable.of(u));
    }
    if (out.isEmpty()) {
      err.println(lang == Lang.JA ? "公開アドレスが見つかりません: server.addresses を設定してください" : "no public address found under the root: set server.addresses");
    }
    return out;
  }
}
