package dev.spamtrace.cli;

import dev.spamtrace.blocklist.delisting.JournalStory;
import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.history.Trend;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.report.ReportJson;
import dev.spamtrace.support.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spamtrace blocklist history}: every check, listing, delisting, relisting and request, per address and per list. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = {"Show the blocklist history per address (and per list with --zone): the count of lists at each check, every listing,",
        "delisting and relisting, the delisting requests sent, and whether the count is falling since the incident or rising."},
    footer = ExitCode.HELP)
public final class BlocklistHistoryCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "IP|DOMAIN", description = "addresses or domains (default: every one in the history)")
  List<String> subjects = new ArrayList<>();

  @Option(names = "--zone", paramLabel = "ZONE", description = "one list only")
  String zone;

  @Option(names = "--since", paramLabel = "TIME", description = "judge the trend from this time (UTC, e.g. 2026-11-27T19:00Z); default: the incident's first journaled action")
  String since;

  @Option(names = "--format", paramLabel = "text|json", description = "output (default text)")
  String format = "text";

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--format must be text or json");
    }
    Lang lang = common.lang();
    boolean ja = lang == Lang.JA;
    PrintWriter out = spec.commandLine().getOut();
    if (!HistoryStore.exists(common.stateDir())) {
      spec.commandLine().getErr().println((ja ? "履歴がありません: " : "no blocklist history in ") + common.stateDir()
          + (ja ? " (先に spamtrace blocklist check を実行してください)" : " (run spamtrace blocklist check first)"));
      return ExitCode.PARTIAL;
    }
    Instant reference = since != null ? Times.parse(since, spec.commandLine()) : incidentStart();
    boolean rising = false;
    List<Map<String, Object>> json = new ArrayList<>();
    try (HistoryStore h = HistoryStore.open(common.stateDir())) {
      List<String> list = subjects.isEmpty() ? h.subjects() : subjects;
      for (String s : list) {
        List<HistoryStore.RunPoint> series = h.series(s);
        if (zone != null) {
          series = series.stream().map(p -> new HistoryStore.RunPoint(p.runId(), p.at(),
              p.listedOn().stream().filter(zone::equals).toList(), p.unknownOn().stream().filter(zone::equals).toList(), p.asked())).toList();
        }
        List<HistoryStore.Event> events = h.events(s, zone);
        List<HistoryStore.Request> requests = h.requests(s, zone);
        Trend trend = Trend.of(series, reference);
        rising |= trend.state() == Trend.State.RISING;
        Instant firstRequest = requests.isEmpty() ? null : requests.get(0).sentAt();
        List<HistoryStore.Event> afterRequest = firstRequest == null ? List.of()
            : events.stream().filter(e -> !e.event().equals("delisted") && e.at().isAfter(firstRequest)).toList();
        if (format.equals("json")) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("subject", s);
          m.put("runs", series);
          m.put("events", events);
          m.put("requests", requests);
          m.put("trend", trend);
          m.put("newListingsAfterFirstRequest", afterRequest);
          json.add(m);
          continue;
        }
        out.println(Printable.of(s) + (zone != null ? "  (" + zone + ")" : ""));
        for (HistoryStore.RunPoint p : series) {
          out.printf("  %s  %2d %s  %s%s%n", TIME.format(p.at()), p.count(), ja ? "リスト" : "lists", String.join(", ", p.listedOn()),
              p.unknownOn().isEmpty() ? "" : (ja ? "  (判定不能 " : "  (could not tell: ") + p.unknownOn().size() + ")");
        }
        if (!events.isEmpty()) {
          out.println(ja ? "  変化:" : "  changes:");
          for (HistoryStore.Event e : events) {
            out.printf("    %s  %-9s %s%s%n", TIME.format(e.at()), e.event(), e.zone(), e.codes() == null ? "" : " (" + e.codes() + ")");
          }
        }
        if (!requests.isEmpty()) {
          out.println(ja ? "  削除依頼:" : "  delisting requests:");
          for (HistoryStore.Request r : requests) {
            out.printf("    %s  %s%s%n", TIME.format(r.sentAt()), r.zone(), r.note().isEmpty() ? "" : "  " + Printable.of(r.note()));
          }
        }
        String ref = reference == null ? (ja ? "最初の確認" : "the first check") : TIME.format(reference);
        out.printf("  %s %s: %s%s%n", ja ? "傾向" : "trend since", ref, trend.state() == Trend.State.RISING ? "⚠ " : "", trend.message().in(lang));
        if (!afterRequest.isEmpty()) {
          out.printf(ja ? "  ⚠ %s の削除依頼の後に %d 件の新たな掲載: %s%n" : "  ⚠ after the delisting request of %s, %d new listing(s): %s%n",
              TIME.format(firstRequest), afterRequest.size(), String.join(", ", afterRequest.stream().map(HistoryStore.Event::zone).toList()));
        }
        out.println();
      }
    }
    if (format.equals("json")) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("schema", "spamtrace.blocklist-history/1");
      doc.put("since", reference);
      doc.put("subjects", json);
      out.print(ReportJson.mapper().writeValueAsString(doc) + "\n");
    }
    out.flush();
    return rising ? ExitCode.FINDINGS : ExitCode.CLEAN;
  }

  /** The incident's start: the first action the journal shows done (within 14 days of the latest). */
  private Instant incidentStart() {
    try {
      return JournalStory.read(common.stateDir(), List.of(), null, Duration.ofDays(14)).start();
    } catch (Exception e) {
      return null;
    }
  }
}
