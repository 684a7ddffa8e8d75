package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.zones.Interpretation;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.Response;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Check runs made in tests without DNS, from answers as a list would give them (for history and delisting tests). */
final class Runs {
  static final ZoneCatalogue C = ZoneCatalogue.shipped();

  private Runs() {}

  /** A run at {@code at} where {@code answers} maps zone → A answer for the subject ("" = NXDOMAIN, "timeout" = no answer). */
  static CheckRun run(Instant at, String subject, Map<String, String> answers) {
    List<CheckRun.Check> checks = new ArrayList<>();
    List<ZoneHealth> health = new ArrayList<>();
    Subject s = Subject.parse(subject);
    for (Map.Entry<String, String> e : answers.entrySet()) {
      Zone z = C.find(e.getKey()).orElseThrow();
      Response r = e.getValue().isEmpty() ? Response.Answered.nxdomain()
          : e.getValue().equals("timeout") ? new Response.Failed(Outcome.Reason.TIMEOUT, "")
          : Response.Answered.a(e.getValue().split(","));
      checks.add(new CheckRun.Check(s, z, s.queryName(z.zone()), Interpretation.of(z, r), 300));
      health.add(new ZoneHealth(z.zone(), ZoneHealth.State.HEALTHY, Text.same("ok")));
    }
    return new CheckRun(at, at, "127.0.0.1:53", health, checks, checks.size());
  }
}
