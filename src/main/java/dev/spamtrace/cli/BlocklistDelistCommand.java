package dev.spamtrace.cli;

import dev.spamtrace.blocklist.BlocklistInspector;
import dev.spamtrace.blocklist.BlocklistSettings;
import dev.spamtrace.blocklist.delisting.DelistingMessage;
import dev.spamtrace.blocklist.delisting.DelistingPlan;
import dev.spamtrace.blocklist.delisting.JournalStory;
import dev.spamtrace.blocklist.delisting.Phrases;
import dev.spamtrace.blocklist.delisting.Readiness;
import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.support.Printable;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace blocklist delist}: the readiness gate, each list's plan by its policy, the
 * request (English), the follow-up and the staff's note (Japanese), all from the journal. It
 * prints; it never submits anything anywhere. {@code record} keeps which requests were sent.
 */
@Command(name = "delist", mixinStandardHelpOptions = true,
    description = {"Plan delisting honestly: first a fresh look at the root (is the cause gone?), then each current listing by its list's",
        "policy (wait / request where free / never pay), then the messages written from the journal. Nothing is sent: copy the message",
        "to the list's page yourself, then record it with `delist record`."},
    subcommands = BlocklistDelistCommand.Record.class,
    footer = ExitCode.HELP)
public final class BlocklistDelistCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin RootOptions roots;

  @Parameters(paramLabel = "IP|DOMAIN", description = "addresses or domains (default: every one currently listed in the history)")
  List<String> subjects = new ArrayList<>();

  @Option(names = "--zone", paramLabel = "ZONE", description = "plan for this list only (repeatable)")
  List<String> zones = new ArrayList<>();

  @Option(names = "--case", paramLabel = "YYYYMMDD", description = "journal cases that make up the incident (repeatable; default: the 14 days up to the latest action)")
  List<String> cases = new ArrayList<>();

  @Option(names = "--since", paramLabel = "TIME", description = "journal actions from this time on (UTC)")
  String since;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Config config = common.config();
    Lang lang = common.lang();
    boolean ja = lang == Lang.JA;
    PrintWriter out = spec.commandLine().getOut();
    BlocklistSettings settings = BlocklistSettings.of(config);
    if (!HistoryStore.exists(common.stateDir())) {
      throw new ParameterException(spec.commandLine(), "no blocklist history in " + common.stateDir() + ": run `spamtrace blocklist check --server` first");
    }
    Instant now = clock.instant();
    JournalStory story = JournalStory.read(common.stateDir(), cases, since == null ? null : Times.parse(since, spec.commandLine()), Duration.ofDays(14));
    HostRoot root = roots.single(spec.commandLine());
    Investigation.Outcome fresh = freshLook(root, config);
    List<Finding> findings = fresh.findings();
    BlocklistSettings.Delisting gate = BlocklistSettings.of(config).delisting();
    List<Gap> gaps = fresh.gaps().stream().filter(g -> gate.counts(g.inspector())).toList();
    ZoneCatalogue catalogue = dev.spamtrace.blocklist.Zones.catalogue(settings);
    DelistingMessage messages = new DelistingMessage(Phrases.shipped());
    int code = ExitCode.CLEAN;
    try (HistoryStore h = HistoryStore.open(common.stateDir())) {
      Set<String> chosen = new LinkedHashSet<>(subjects);
      if (chosen.isEmpty()) {
        for (String s : h.subjects()) {
          if (!h.currentListings(s).isEmpty()) {
            chosen.add(s);
          }
        }
      }
      if (chosen.isEmpty()) {
        out.println(ja ? "履歴上、現在掲載中のアドレスはありません。" : "Nothing is listed at the latest check in the history.");
        out.flush();
        return ExitCode.CLEAN;
      }
      Optional<Instant> lastNew = h.lastNewListing(List.copyOf(chosen));
      List<String> looked = fresh.results().stream().filter(r -> r.applicable() && gate.counts(r.inspector())).map(r -> r.inspector()).toList();
      Readiness readiness = Readiness.evaluate(findings, gaps, looked, settings.delisting().blockingFindings(), lastNew,
          settings.delisting().quietHours(), story, now);
      printGate(out, readiness, root, lang);
      for (String s : chosen) {
        List<DelistingPlan.Listing> listings = new ArrayList<>();
        for (HistoryStore.Observation o : h.currentListings(s)) {
          if (!zones.isEmpty() && !zones.contains(o.zone())) {
            continue;
          }
          Optional<Zone> z = catalogue.find(o.zone());
          if (z.isEmpty()) {
            out.println((ja ? "カタログにないリストのため方針不明: " : "not in the catalogue, no policy known: ") + Printable.of(o.zone()));
            continue;
          }
          Zone.Removal removal = removalFor(z.get(), o.codes());
          listings.add(new DelistingPlan.Listing(s, z.get(), o.codes(), o.meanings() == null ? "" : o.meanings(), removal, o.verdict()));
        }
        List<HistoryStore.Request> requests = h.requests(s, null);
        List<DelistingPlan.Step> steps = DelistingPlan.plan(listings, readiness, story, requests, now);
        out.println();
        out.println((ja ? "■ " : "== ") + Printable.of(s) + (ja ? " のリストごとの方針" : ": plan per list"));
        for (DelistingPlan.Step st : steps) {
          out.printf("  %-28s %-10s %s%n", st.zone().zone(), st.kind().id(), st.what().in(lang));
          st.notes().forEach(n -> out.println("  " + " ".repeat(40) + "! " + n.in(lang)));
        }
        out.println();
        out.println(ja ? "---- 社内メモ ----" : "---- internal note (Japanese, for the staff) ----");
        boolean anyRequest = steps.stream().anyMatch(st -> st.kind() == DelistingPlan.Kind.REQUEST);
        out.print(messages.internalNote(s, story, readiness, steps, now, anyRequest));
        if (anyRequest) {
          out.println();
          out.println("---- request (English; paste it into each list's page marked 'request') ----");
          out.print(messages.request(s, story, readiness));
        } else if (steps.stream().anyMatch(st -> st.kind() == DelistingPlan.Kind.NOT_YET)) {
          out.println();
          out.println(ja ? "依頼文はまだ作りません: 上記の阻害要因を先に解消してください。" : "No request yet: clear what blocks it (above) first.");
          code = ExitCode.FINDINGS;
        }
        for (DelistingPlan.Step st : steps) {
          if (st.kind() == DelistingPlan.Kind.FOLLOW_UP) {
            out.println();
            out.println("---- follow-up for " + st.zone().zone() + " (English) ----");
            out.print(messages.followUp(s, st.request().sentAt(), story, readiness));
          }
        }
      }
    }
    out.println();
    out.println(ja ? "spamtrace は何も送信しません。送信したら `spamtrace blocklist delist record --zone ZONE ADDRESS` で記録してください。"
        : "spamtrace sends nothing. Once you have sent a request, record it: spamtrace blocklist delist record --zone ZONE ADDRESS");
    out.flush();
    return code;
  }

  /** The removal that applies to the codes seen (an SBL code is manual, an XBL code self-service). */
  static Zone.Removal removalFor(Zone z, String codes) {
    if (codes != null) {
      for (String c : codes.split(",")) {
        Zone.Code code = z.listed().get(c.trim());
        if (code != null) {
          return z.removalFor(code);
        }
      }
    }
    return z.removal();
  }

  private void printGate(PrintWriter out, Readiness r, HostRoot root, Lang lang) {
    boolean ja = lang == Lang.JA;
    out.println((ja ? "削除依頼の準備 (" : "Ready to ask for delisting? (fresh look at ") + root.label() + "): "
        + (r.ready() ? (ja ? "可" : "yes") : (ja ? "まだ不可" : "not yet")));
    r.blockers().forEach(t -> out.println("  x " + t.in(lang)));
    r.passed().forEach(t -> out.println("  ok " + t.in(lang)));
  }

  /** A fresh investigation of the root by every inspector except the blocklist one (no DNS here). */
  static Investigation.Outcome freshLook(HostRoot root, Config config) {
    List<Inspector> inspectors = new ArrayList<>();
    for (Inspector i : Investigation.allInspectors().inspectors()) {
      if (!i.id().equals(BlocklistInspector.ID)) {
        inspectors.add(i);
      }
    }
    return new Investigation(inspectors).run(root, config, Clock.systemUTC(), InspectionContext.Options.once());
  }

  /** {@code delist record}: the operator says a request was sent; the plan then waits, or drafts the follow-up. */
  @Command(name = "record", mixinStandardHelpOptions = true, description = "Record that a delisting request was sent to a list (spamtrace never sends it).")
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "IP|DOMAIN", arity = "1", description = "the listed address or domain")
    String subject;

    @Option(names = "--zone", paramLabel = "ZONE", required = true, description = "the list it was sent to")
    String zone;

    @Option(names = "--sent-at", paramLabel = "TIME", description = "when it was sent (UTC; default now)")
    String sentAt;

    @Option(names = "--note", paramLabel = "TEXT", description = "e.g. the ticket number")
    String note;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
      Instant sent = sentAt == null ? clock.instant() : Times.parse(sentAt, spec.commandLine());
      if (ZoneCatalogue.shipped().find(zone).isEmpty()) {
        spec.commandLine().getErr().println("warning: " + Printable.of(zone) + " is not in the catalogue");
      }
      try (HistoryStore h = HistoryStore.open(common.stateDir())) {
        if (h.currentListings(subject).stream().noneMatch(o -> o.zone().equals(zone))) {
          spec.commandLine().getErr().println("warning: the history does not show " + Printable.of(subject) + " listed on " + Printable.of(zone) + " now");
        }
        HistoryStore.Request r = h.recordRequest(subject, zone, sent, clock.instant(), note);
        spec.commandLine().getOut().printf("recorded: request to %s for %s sent at %s%n", r.zone(), r.subject(), r.sentAt());
      }
      spec.commandLine().getOut().flush();
      return ExitCode.CLEAN;
    }
  }
}
