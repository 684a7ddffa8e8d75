package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.SERVER_ADDRESS;

import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.zones.Interpretation;
import dev.spamtrace.blocklist.zones.Response;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import dev.spamtrace.incident.Text;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's blocklist history, as earlier `spamtrace blocklist check` runs on it left it in its
 * own state folder ({@code /var/lib/spamtrace} under the demo root): listed on two lists when the
 * spam started, a premature self-service request to Spamhaus, then more and more lists, because
 * the mailer is still there. Recorded data only: the demo sends no DNS query.
 *
 * <p>Try: {@code spamtrace blocklist history --state-dir DEMO/server/var/lib/spamtrace} and
 * {@code spamtrace blocklist delist --root DEMO/server --state-dir DEMO/server/var/lib/spamtrace}.
 */
final class BlocklistScene implements DemoScene {
  static final String STATE = "/var/lib/spamtrace";

  @Override
  public void build(DemoServer s) throws IOException {
    s.mkdirs(STATE);
    Instant now = s.now();
    ZoneCatalogue c = ZoneCatalogue.shipped();
    try (HistoryStore h = HistoryStore.open(s.path(STATE))) {
      h.record(run(c, now.minus(Duration.ofMinutes(120)), listed("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "127.0.0.2")), "check");
      h.recordRequest(SERVER_ADDRESS, "zen.spamhaus.org", now.minus(Duration.ofMinutes(95)), now.minus(Duration.ofMinutes(95)),
          "XBL self-service removal asked before the clean-up (premature)");
      h.record(run(c, now.minus(Duration.ofMinutes(60)), listed("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "127.0.0.2",
          "b.barracudacentral.org", "127.0.0.2", "psbl.surriel.com", "127.0.0.2")), "check");
      h.record(run(c, now.minus(Duration.ofMinutes(10)), listed("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "127.0.0.2",
          "b.barracudacentral.org", "127.0.0.2", "psbl.surriel.com", "127.0.0.2", "dnsbl-1.uceprotect.net", "127.0.0.2",
          "all.s5h.net", "127.0.0.2")), "check");
    }
  }

  private static Map<String, String> listed(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** A run over the default set where the given lists answered with the given codes and the rest with NXDOMAIN. */
  private static CheckRun run(ZoneCatalogue c, Instant at, Map<String, String> listed) {
    Subject s = Subject.parse(SERVER_ADDRESS);
    List<CheckRun.Check> checks = new ArrayList<>();
    List<ZoneHealth> health = new ArrayList<>();
    for (Zone z : c.defaults(Zone.Target.IP, Map.of())) {
      String code = listed.get(z.zone());
      Response r = code == null ? Response.Answered.nxdomain() : new Response.Answered(Response.NOERROR, List.of(code), 900);
      checks.add(new CheckRun.Check(s, z, s.queryName(z.zone()), Interpretation.of(z, r), code == null ? -1 : 900));
      health.add(new ZoneHealth(z.zone(), ZoneHealth.State.HEALTHY, Text.same("test entries answer as RFC 5782 says")));
    }
    return new CheckRun(at.minusSeconds(2), at, "127.0.0.1:53", health, checks, checks.size() + 3L * health.size());
  }
}
