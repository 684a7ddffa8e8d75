package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.geoip.GeoIpSettings;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.firewall.Cidr;
import dev.spamtrace.response.firewall.ConfirmChanges;
import dev.spamtrace.response.firewall.CountryNetworks;
import dev.spamtrace.response.firewall.CountryPolicy;
import dev.spamtrace.response.firewall.CountryPolicyPreview;
import dev.spamtrace.response.firewall.Firewall;
import dev.spamtrace.response.firewall.FirewallBackend;
import dev.spamtrace.response.firewall.FirewallManagers;
import dev.spamtrace.response.firewall.FirewallSettings;
import dev.spamtrace.response.firewall.FirewallState;
import dev.spamtrace.response.firewall.FtpLoginHistory;
import dev.spamtrace.response.firewall.Member;
import dev.spamtrace.response.firewall.NeverBlock;
import dev.spamtrace.response.firewall.OurSet;
import dev.spamtrace.response.firewall.PendingChanges;
import dev.spamtrace.response.firewall.SmtpSenders;
import dev.spamtrace.response.firewall.SmtpOnlyMta;
import dev.spamtrace.response.firewall.SystemUsers;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spamtrace firewall …}: status, confirm, the SMTP policy and country policies. */
@Command(
    name = "firewall",
    mixinStandardHelpOptions = true,
    description = "spamtrace's own firewall table: what is in it, confirming changes, outbound SMTP only for the MTA, country policies.",
    footer = ExitCode.HELP)
public final class FirewallCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every firewall subcommand has. */
  static final class Where {
    @Option(names = "--netns", paramLabel = "NAME", description = "act in this network namespace (overrides firewall.netns)")
    String netns;
  }

  /** {@code firewall status}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the back end, the never-block list, our sets and what waits for confirmation.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin RootOptions roots;
    @Mixin Where where;
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Config config = FirewallRun.config(common, where.netns);
      HostRoot root = roots.single(spec.commandLine());
      ActionContext ctx = FirewallRun.context(common, config, root, clock);
      Firewall fw = Firewall.of(ctx, System.getenv());
      FirewallSettings s = fw.settings();
      out.printf("namespace: %s%n", s.netns().isEmpty() ? "(this one)" : s.netns());
      out.println(s.confirmWithinSeconds() == null
          ? "dead-man switch: OFF (firewall.confirm-within: 0): changes are final at once"
          : "dead-man switch: changes roll back after " + s.confirmWithin() + " unless `spamtrace firewall confirm`");
      FirewallManagers.Found m = FirewallManagers.detect(root);
      out.printf("firewall managers: %s%n", m.managers().isEmpty() ? "none found" : String.join(", ", m.managers()));
      m.problems().forEach(p -> out.println("  (" + p + ")"));
      NeverBlock nb = fw.neverBlock();
      out.println("never blocked:");
      nb.entries().forEach(e -> out.printf("  %-40s %s%n", e.net(), e.why()));
      nb.problems().forEach(p -> out.println("  (" + p + ")"));
      int code = ExitCode.CLEAN;
      try {
        FirewallBackend b = fw.backend();
        FirewallState st = b.read();
        out.printf("back end: %s; our rules: %s%n", b.name(), st.present() ? "present" : "none");
        for (Map.Entry<String, List<Member>> e : st.sets().entrySet()) {
          OurSet set = OurSet.byName(e.getKey());
          List<Member> ms = e.getValue();
          out.printf("  %-18s %d element(s)%n", e.getKey(), ms.size());
          if (set != null && set.effect()) {
            for (Member mem : ms.subList(0, Math.min(ms.size(), 50))) {
              out.printf("    %-40s %s%n", mem.element(), mem.pending() ? "expires in " + mem.expiresSeconds() + "s" : "until undone");
            }
          }
        }
      } catch (IOException e) {
        out.println("back end: " + e.getMessage());
        code = ExitCode.PARTIAL;
      }
      List<PendingChanges.Pending> pending = PendingChanges.read(Journal.inStateDir(common.stateDir()));
      if (!pending.isEmpty()) {
        out.printf("waiting for `spamtrace firewall confirm` (%d element(s)):%n", pending.size());
        for (PendingChanges.Pending p : pending) {
          out.printf("  %s %s %s: rolls back at %s%n", p.action(), p.type(), Printable.of(p.target()), p.rollbackAt());
        }
      }
      out.flush();
      return code;
    }
  }

  /** {@code firewall confirm}. */
  @Command(name = "confirm", mixinStandardHelpOptions = true,
      description = "Keep the pending firewall changes (the dead-man switch's answer). Acts at once: it only stops a rollback.")
  static final class Confirm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin RootOptions roots;
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      List<PendingChanges.Pending> pending = PendingChanges.read(Journal.inStateDir(common.stateDir()));
      if (pending.isEmpty()) {
        out.println(common.lang() == Lang.JA ? "確認待ちの変更はありません。" : "Nothing is waiting for confirmation.");
        out.flush();
        return ExitCode.CLEAN;
      }
      Config config = common.config();
      ActionContext ctx = FirewallRun.context(common, config, roots.single(spec.commandLine()), clock);
      // One confirmation per namespace and back end: each looks for its elements where they were put.
      Map<String, List<PendingChanges.Pending>> groups = new java.util.LinkedHashMap<>();
      for (PendingChanges.Pending p : pending) {
        groups.computeIfAbsent(p.netns() + "\0" + p.backend(), k -> new ArrayList<>()).add(p);
      }
      List<Action> actions = new ArrayList<>();
      groups.values().forEach(g -> actions.add(new ConfirmChanges(g, System.getenv())));
      return FirewallRun.showAndTake(actions, true, common, ctx, out);
    }
  }

  /** {@code firewall smtp-policy}. */
  @Command(name = "smtp-policy", mixinStandardHelpOptions = true,
      description = "Outbound SMTP only for the MTA: refuse (and log) new connections to the SMTP ports from every other user. "
          + "Shows which processes talk SMTP now and would be stopped; --apply takes it.")
  static final class SmtpPolicy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin RootOptions roots;
    @Mixin Where where;
    @Option(names = "--apply", description = "take it; without it nothing changes")
    boolean apply;
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws IOException {
      Config config = FirewallRun.config(common, where.netns);
      HostRoot root = roots.single(spec.commandLine());
      FirewallSettings s = Firewall.settings(config);
      SystemUsers users = SystemUsers.read(root);
      List<String> mta = new ArrayList<>();
      mta.add("root");
      for (String u : config.users().mta()) {
        if (users.uid(u) != null && !mta.contains(u)) {
          mta.add(u);
        }
      }
      Set<Integer> uids = new HashSet<>(users.uidsOf(config.users().mta()));
      List<SmtpSenders.Connection> cut = SmtpSenders.current(root, new HashSet<>(s.smtpPorts()), uids);
      Action a = new SmtpOnlyMta(s.smtpPorts(), mta, cut, List.of(), System.getenv());
      return FirewallRun.showAndTake(List.of(a), apply, common, FirewallRun.context(common, config, root, clock), spec.commandLine().getOut());
    }
  }

  /** {@code firewall country-policy NAME}. */
  @Command(name = "country-policy", mixinStandardHelpOptions = true,
      description = "A country policy from firewall.country-policies (e.g. FTP only from JP). First shows which recent FTP logins "
          + "it would have refused; --apply takes it.")
  static final class CountryPolicyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin RootOptions roots;
    @Mixin Where where;
    @Parameters(paramLabel = "NAME", description = "the policy's name (firewall.country-policies)")
    String name;
    @Option(names = "--days", paramLabel = "N", description = "how many days of FTP logins to look at (default firewall.preview-days)")
    Integer days;
    @Option(names = "--apply", description = "take it; without it nothing changes")
    boolean apply;
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Config config = FirewallRun.config(common, where.netns);
      HostRoot root = roots.single(spec.commandLine());
      FirewallSettings s = Firewall.settings(config);
      FirewallSettings.CountryPolicySettings policy = s.policy(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
          "no country policy '" + name + "' in firewall.country-policies (configured: "
              + String.join(", ", s.countryPolicies().stream().map(FirewallSettings.CountryPolicySettings::name).toList()) + ")"));
      ActionContext ctx = FirewallRun.context(common, config, root, clock);
      try (CountryDatabase db = CountryDatabase.fromSetting(config.section("geoip", GeoIpSettings.class).database())) {
        long t0 = System.nanoTime();
        CountryNetworks nets = CountryNetworks.compile(db, new HashSet<>(policy.allowCountries()));
        out.printf("%s: %d IPv4 and %d IPv6 networks for %s (from %d database networks, %d ms; %s)%n", policy.name(), nets.v4().size(),
            nets.v6().size(), String.join(",", policy.allowCountries()), nets.scanned(), (System.nanoTime() - t0) / 1_000_000, db.description());
        int d = days == null ? s.previewDays() : days;
        FtpLoginHistory.Read logins = FtpLoginHistory.read(root, s.ftpLogs(), clock.instant().minus(java.time.Duration.ofDays(d)),
            dev.spamtrace.logs.LogsInspector.zone(root, config.section("logs", dev.spamtrace.logs.LogsSettings.class).timeZone()));
        logins.problems().forEach(p -> out.println("  (" + Printable.of(p) + ")"));
        List<Cidr> never = Firewall.of(ctx, System.getenv()).neverBlock().entries().stream().map(NeverBlock.Entry::net).toList();
        List<CountryPolicyPreview.Row> rows = CountryPolicyPreview.of(logins.logins(), policy, db, never);
        long refused = rows.stream().filter(CountryPolicyPreview.Row::refused).count();
        out.printf("FTP logins in the last %d days: %d account/address pair(s); the policy would have refused %d:%n", d, rows.size(), refused);
        for (CountryPolicyPreview.Row r : rows) {
          out.printf("  %-8s %-24s %-40s %-8s %4d login(s), last %s (%s)%n", r.refused() ? "REFUSED" : "allowed", Printable.clip(r.account(), 24),
              r.address(), Printable.clip(r.country(), 8), r.logins(), r.last(), r.why());
        }
        if (logins.logins().isEmpty() && !logins.problems().isEmpty()) {
          out.println("  no FTP log could be read: the cost of this policy is unknown (firewall.ftp-logs)");
        }
        return FirewallRun.showAndTake(List.of(new CountryPolicy(policy, nets, List.of(), System.getenv())), apply, common, ctx, out);
      }
    }
  }
}
