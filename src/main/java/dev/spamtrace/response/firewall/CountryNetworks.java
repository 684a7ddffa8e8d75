package dev.spamtrace.response.firewall;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import dev.spamtrace.geoip.CountryDatabase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The networks of some countries, enumerated from a MaxMind-format country database (every
 * network of the tree, maxmind-db's {@code Reader.networks}) and collapsed into the fewest CIDR
 * networks, ready to become an interval set.
 *
 * @param v4 IPv4 networks
 * @param v6 IPv6 networks
 * @param scanned how many database networks were read
 */
public record CountryNetworks(List<Cidr> v4, List<Cidr> v6, long scanned) {
  /** Private, loopback and link-local ranges: in no country, never refused by a country policy. */
  public static final List<Cidr> NOT_IN_ANY_COUNTRY = List.of(
      Cidr.parse("10.0.0.0/8"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.168.0.0/16"), Cidr.parse("100.64.0.0/10"),
      Cidr.parse("169.254.0.0/16"), Cidr.parse("127.0.0.0/8"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("::1"));

  public static CountryNetworks compile(CountryDatabase db, Set<String> countries) throws IOException {
    List<Cidr> v4 = new ArrayList<>();
    List<Cidr> v6 = new ArrayList<>();
    long scanned = 0;
    @SuppressWarnings("rawtypes")
    Networks<Map> it;
    try {
      it = db.reader().networks(false, Map.class);
    } catch (com.maxmind.db.InvalidNetworkException e) {
      throw new IOException("cannot walk the country database: " + e.getMessage(), e);
    }
    while (it.hasNext()) {
      @SuppressWarnings("rawtypes")
      DatabaseRecord<Map> rec = it.next();
      scanned++;
      String code = rec.data() == null ? null : CountryDatabase.countryCode(rec.data());
      if (code == null || !countries.contains(code)) {
        continue;
      }
      Cidr c = Cidr.of(rec.network().networkAddress(), rec.network().prefixLength());
      (c.v6() ? v6 : v4).add(c);
    }
    return new CountryNetworks(Cidr.collapse(v4), Cidr.collapse(v6), scanned);
  }

  public int size() {
    return v4.size() + v6.size();
  }
}
