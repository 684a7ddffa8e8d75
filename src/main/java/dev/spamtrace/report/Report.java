package dev.spamtrace.report;

import dev.spamtrace.correlate.Incident;
import dev.spamtrace.incident.Alert;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.PlanStep;
import java.time.Instant;
import java.util.List;

/**
 * Everything one investigation says, in the order the operator reads it. This record is the
 * stable JSON document described in docs/report-json.md.
 *
 * @param schema the document's version; bumped only on an incompatible change
 * @param tool name and version of spamtrace
 * @param generatedAt when the investigation finished
 * @param servers the roots looked at
 * @param findings most severe first
 * @param checked what was looked at
 * @param couldNotTell what could not be checked; a report with entries here is not a clean bill
 * @param plan what spamtrace would do (dry run) or did
 * @param alerts ready-to-send alert texts (e.g. the queue alert in the monitoring team's format)
 * @param incidents the findings linked into chains (docs/incidents.md); added to schema 1, empty
 *     when nothing links
 */
public record Report(
    String schema,
    String tool,
    Instant generatedAt,
    List<Server> servers,
    List<Finding> findings,
    List<Coverage> checked,
    List<Gap> couldNotTell,
    List<PlanStep> plan,
    List<Alert> alerts,
    List<Incident> incidents) {

  public static final String SCHEMA = "spamtrace.report/1";

  public Report {
    servers = List.copyOf(servers);
    findings = List.copyOf(findings);
    checked = List.copyOf(checked);
    couldNotTell = List.copyOf(couldNotTell);
    plan = List.copyOf(plan);
    alerts = List.copyOf(alerts);
    incidents = List.copyOf(incidents);
  }

  /** A report without incidents (commands that do not correlate, such as {@code scan}). */
  public Report(String schema, String tool, Instant generatedAt, List<Server> servers, List<Finding> findings, List<Coverage> checked,
      List<Gap> couldNotTell, List<PlanStep> plan, List<Alert> alerts) {
    this(schema, tool, generatedAt, servers, findings, checked, couldNotTell, plan, alerts, List.of());
  }

  /**
   * A server as the report names it.
   *
   * @param root the directory inspected ({@code /} for the live server)
   * @param name host name
   * @param container container id, or empty
   * @param addresses public addresses known
   */
  public record Server(String root, String name, String container, List<String> addresses) {}

  /** The exit code this report calls for (see {@code dev.spamtrace.cli.ExitCode}). */
  public boolean hasFindings() {
    return !findings.isEmpty();
  }

  public boolean isPartial() {
    return !couldNotTell.isEmpty();
  }
}
