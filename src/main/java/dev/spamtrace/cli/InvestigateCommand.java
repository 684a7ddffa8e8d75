package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.correlate.FleetCorrelation;
import dev.spamtrace.correlate.Incident;
import dev.spamtrace.correlate.Incidents;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.AlertWriter;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.PlanStep;
import dev.spamtrace.report.Report;
import dev.spamtrace.report.ReportHtml;
import dev.spamtrace.report.ReportJson;
import dev.spamtrace.report.ReportText;
import dev.spamtrace.report.ServerIdentity;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.Journal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamtrace investigate}: every inspector over the root(s), one report, the plan. */
@Command(
    name = "investigate",
    mixinStandardHelpOptions = true,
    description = "Look at the server (or a container's root, a disk copy, a fixture tree) and report the whole chain, ending with the plan.",
    footer = ExitCode.HELP)
public final class InvestigateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RootOptions roots;
  @Mixin CommonOptions common;

  @Option(names = "--format", paramLabel = "text|json|html", description = "report format (default text)")
  String format = "text";

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report here instead of standard output")
  Path output;

  @Option(names = "--samples", paramLabel = "N", description = "look at changing state (processes) N times (default 1)")
  int samples = 1;

  @Option(names = "--interval", paramLabel = "SECONDS", description = "seconds between samples (default 60)")
  long intervalSeconds = 60;

  @Option(names = "--apply", description = "take the plan (journaled, undoable where possible); without it nothing changes")
  boolean apply;

  @Option(names = "--only", paramLabel = "ACTION", description = "with --apply: take only actions of this type (repeatable)")
  List<String> only = new ArrayList<>();

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws IOException {
    Config config = common.config();
    Lang lang = common.lang();
    if (!List.of("text", "json", "html").contains(format)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be text, json or html");
    }
    if (samples < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--samples must be at least 1");
    }
    InspectionContext.Options options = new InspectionContext.Options(samples, Duration.ofSeconds(intervalSeconds));
    Investigation investigation = Investigation.allInspectors();

    List<Report.Server> servers = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<Coverage> checked = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    List<PlanStep> steps = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    List<Incident> incidents = new ArrayList<>();
    List<HostRoot> hostRoots = roots.hostRoots(spec.commandLine());
    List<Plan> plans = new ArrayList<>();
    List<Investigation.Outcome> outcomes = new ArrayList<>();
    List<FleetCorrelation.RootView> views = new ArrayList<>();
    for (HostRoot root : hostRoots) {
      Investigation.Outcome outcome = investigation.run(root, config, clock, options);
      outcomes.add(outcome);
      views.add(new FleetCorrelation.RootView(root, root.label(), outcome.findings(),
          outcome.artifacts().get(LogIndex.class).orElse(new LogIndex(List.of(), List.of(), true)),
          outcome.artifacts().get(Incidents.class).map(Incidents::incidents).orElse(List.of())));
    }
    // Across servers: the same attacker on every root it touched (may add findings to a root).
    FleetCorrelation.Result fleet = FleetCorrelation.link(views);
    for (int i = 0; i < hostRoots.size(); i++) {
      HostRoot root = hostRoots.get(i);
      Investigation.Outcome outcome = outcomes.get(i);
      Report.Server server = ServerIdentity.of(root, config.server());
      servers.add(server);
      List<Finding> found = new ArrayList<>(outcome.findings());
      found.addAll(fleet.added().getOrDefault(root.label(), List.of()));
      findings.addAll(found);
      incidents.addAll(views.get(i).incidents());
      outcome.results().forEach(r -> checked.addAll(r.covered()));
      gaps.addAll(outcome.gaps());
      Plan plan = Plan.from(found, root, config).only(new HashSet<>(only));
      plans.add(plan);
      for (PlanStep s : plan.steps()) {
        steps.add(new PlanStep(steps.size() + 1, s.action(), s.target(), s.description(), s.undoable(), s.findings()));
      }
      for (AlertWriter w : ServiceLoader.load(AlertWriter.class)) {
        alerts.addAll(w.write(new AlertWriter.AlertInput(server.name(), server.addresses(), server.container(), found)));
      }
    }
    incidents.addAll(fleet.incidents());
    findings.sort(java.util.Comparator.comparing(Finding::severity).reversed());
    Report report = new Report(Report.SCHEMA, Main.versionString(), clock.instant(), servers, findings, checked, gaps, steps, alerts, incidents);
    write(render(report, format, lang));

    if (!apply) {
      return exitCode(report);
    }
    PrintWriter err = spec.commandLine().getErr();
    Journal journal = Journal.inStateDir(common.stateDir());
    CaseFolder caseFolder = CaseFolder.today(common.caseRoot(), clock);
    boolean allOk = true;
    for (int i = 0; i < hostRoots.size(); i++) {
      ActionContext ctx = new ActionContext(hostRoots.get(i), config, caseFolder, clock,
          new SystemCommand(Duration.ofSeconds(config.section("response", dev.spamtrace.response.ResponseSettings.class).commandTimeoutSeconds())));
      if (plans.get(i).actions().isEmpty()) {
        continue;
      }
      Path evidence = caseFolder.sub("evidence");
      Files.writeString(evidence.resolve("report-" + clock.instant().toEpochMilli() + ".json"), ReportJson.render(report), StandardCharsets.UTF_8);
      for (Responder.Taken t : new Responder(journal).apply(plans.get(i), ctx)) {
        err.printf("%-8s %-20s %s%n", t.phase(), t.action().type(), dev.spamtrace.support.Printable.of(t.message().in(lang)));
        if (t.shownOnce() != null) {
          // Shown here once and kept nowhere: not in the journal, the report or the case folder.
          err.printf(lang == Lang.JA ? "         %s (この一度だけ表示、保存しません): %s%n" : "         %s (shown once, stored nowhere): %s%n",
              t.shownOnce().what().in(lang), t.shownOnce().secret());
        }
        allOk &= t.ok();
      }
    }
    err.printf(lang == Lang.JA ? "ジャーナル: %s  ケース: %s%n" : "journal: %s  case folder: %s%n", journal.file(), caseFolder.directory());
    err.flush();
    return allOk ? exitCode(report) : ExitCode.ACTION_FAILED;
  }

  static String render(Report report, String format, Lang lang) {
    return switch (format) {
      case "json" -> ReportJson.render(report);
      case "html" -> ReportHtml.render(report, lang);
      case "text" -> ReportText.render(report, lang);
      default -> throw new IllegalArgumentException("unknown format '" + format + "' (text, json or html)");
    };
  }

  static int exitCode(Report report) {
    if (report.hasFindings()) {
      return ExitCode.FINDINGS;
    }
    return report.isPartial() ? ExitCode.PARTIAL : ExitCode.CLEAN;
  }

  private void write(String text) throws IOException {
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    }
  }
}
