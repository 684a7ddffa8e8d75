package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a check run into {@code blocklist-listing} findings and gaps (what could not be told). */
public final class ListingFindings {
  private ListingFindings() {}

  /** How serious a listing is: a spam verdict on a list receivers use is high; policy and neighbourhood listings are low. */
  public static Severity severity(Outcome.Listed l, Zone z) {
    return switch (l.verdict()) {
      case SPAM -> z.role() == Zone.Role.BLOCKLIST ? Severity.HIGH : Severity.LOW;
      case POLICY, NEIGHBOURHOOD -> Severity.LOW;
      case INFORMATIONAL -> Severity.INFO;
    };
  }

  public static List<Finding> findings(CheckRun run, String server, String source) {
    List<Finding> out = new ArrayList<>();
    for (CheckRun.Check c : run.listed()) {
      Outcome.Listed l = (Outcome.Listed) c.outcome();
      Zone z = c.zone();
      Zone.Removal removal = l.hits().get(0).removal();
      Finding.Builder b = Finding.builder(FindingKind.BLOCKLIST_LISTING, c.subject().value() + "@" + z.zone())
          .server(server)
          .source(source)
          .severity(severity(l, z))
          .summary(Text.of("%s is listed on %s (%s: %s)", "%s が %s に掲載されています (%s: %s)",
              c.subject().value(), z.zone(), l.codes(), l.meanings()))
          .reason(Text.of("%s answered %s for %s", "%1$s は %3$s に対して %2$s を返しました", z.zone(), l.codes(), c.query()));
      if (!l.txt().isEmpty()) {
        b.reason(Text.of("the list's reason (TXT): %s", "リストの理由 (TXT): %s", String.join(" | ", l.txt())));
      }
      b.evidence(c.subject().isAddress() ? "address" : "domain", c.subject().value())
          .evidence("zone", z.zone())
          .evidence("operator", z.operator())
          .evidence("codes", l.hits().stream().map(Outcome.Hit::answer).toList())
          .evidence("meanings", l.hits().stream().map(Outcome.Hit::meaning).toList())
          .evidence("verdict", l.verdict().id())
          .evidence("txt", l.txt().isEmpty() ? null : l.txt())
          .evidence("query", c.query())
          .evidence("ttl", c.ttl() >= 0 ? c.ttl() : null)
          .evidence("removal-policy", removal == null ? null : removal.policy().id())
          .evidence("delisting-page", z.delistingPage())
          .evidence("resolver", run.resolver())
          .evidence("checked-at", run.finished().toString());
      out.add(b.build());
    }
    return out;
  }

  /** Could-not-tell results grouped per zone: zone → (why → subjects). */
  public static Map<String, Map<String, List<String>>> unknownByZone(CheckRun run) {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    for (CheckRun.Check c : run.unknown()) {
      Outcome.Unknown u = (Outcome.Unknown) c.outcome();
      out.computeIfAbsent(c.zone().zone(), k -> new LinkedHashMap<>())
          .computeIfAbsent(u.explain().en(), k -> new ArrayList<>()).add(c.subject().value());
    }
    return out;
  }
}
