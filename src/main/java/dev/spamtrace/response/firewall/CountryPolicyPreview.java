package dev.spamtrace.response.firewall;

import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.geoip.CountryLookup;
import dev.spamtrace.geoip.PublicAddress;
import java.net.InetAddress;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which recent FTP logins a country policy would have refused, before it is applied: the cost to
 * customers, account by account. Decided as the kernel will: exceptions, never-block entries,
 * private addresses and the allowed countries get in; everyone else (including addresses the
 * database does not know) is refused.
 */
public final class CountryPolicyPreview {
  /** One account and address, with what the policy would do to it. */
  public record Row(String account, String address, String country, int logins, Instant last, boolean refused, String why) {}

  private CountryPolicyPreview() {}

  public static List<Row> of(List<LogEvent> logins, FirewallSettings.CountryPolicySettings policy, CountryDatabase db,
      List<Cidr> neverBlock) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (LogEvent l : logins) {
      String address = LogIndex.normalAddress(l.address());
      InetAddress a = PublicAddress.parseLiteral(address);
      if (a == null) {
        continue; // a host name (xferlog without IPs): nothing a firewall can judge
      }
      String key = l.user() + "\0" + address;
      Row prev = rows.get(key);
      if (prev != null) {
        rows.put(key, new Row(prev.account(), prev.address(), prev.country(), prev.logins() + 1,
            l.time().isAfter(prev.last()) ? l.time() : prev.last(), prev.refused(), prev.why()));
        continue;
      }
      Cidr c = Cidr.of(a);
      CountryLookup look = db.lookup(a);
      String country = look instanceof CountryLookup.Country cc ? cc.code() : look instanceof CountryLookup.NotPublic np ? np.why() : "unknown";
      boolean refused;
      String why;
      if (policy.exceptions().stream().anyMatch(e -> e.contains(c))) {
        refused = false;
        why = "exception (allow-addresses)";
      } else if (neverBlock.stream().anyMatch(e -> e.contains(c))) {
        refused = false;
        why = "never-block list";
      } else if (look instanceof CountryLookup.NotPublic) {
        refused = false;
        why = "not a public address";
      } else if (look instanceof CountryLookup.Country cc && policy.allowCountries().contains(cc.code())) {
        refused = false;
        why = "allowed country";
      } else {
        refused = true;
        why = look instanceof CountryLookup.Country ? "country not allowed" : "no country in the database";
      }
      rows.put(key, new Row(l.user(), c.toString(), country, 1, l.time(), refused, why));
    }
    List<Row> out = new ArrayList<>(rows.values());
    out.sort((x, y) -> x.refused() != y.refused() ? (x.refused() ? -1 : 1) : y.last().compareTo(x.last()));
    return out;
  }
}
