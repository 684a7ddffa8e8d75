package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A country policy for some ports (FTP and its passive range only from Japan, with exceptions):
 * new connections to the ports are accepted only from the allowed countries' networks, the
 * exception addresses, private ranges, and the never-block list. The allowed networks become an
 * interval set (the lookup stays in the kernel); the policy is in force while its ports are in
 * its ports set, which is what the dead-man switch and undo take away.
 */
public final class CountryPolicy extends FirewallAction {
  public static final String TYPE = "firewall-country-policy";

  private final FirewallSettings.CountryPolicySettings policy;
  private final CountryNetworks networks;

  public CountryPolicy(FirewallSettings.CountryPolicySettings policy, CountryNetworks networks, List<String> findings, Map<String, String> env) {
    super(env, findings);
    this.policy = policy;
    this.networks = networks;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "country policy " + policy.name();
  }

  private String ports() {
    return policy.portRanges().stream().map(PortRange::toString).collect(Collectors.joining(","));
  }

  @Override
  public Text description() {
    String ex = policy.allowAddresses().isEmpty() ? "" : " and " + String.join(", ", policy.allowAddresses());
    String exJa = policy.allowAddresses().isEmpty() ? "" : " と " + String.join(", ", policy.allowAddresses());
    return new Text(
        String.format("accept new connections to ports %s only from %s%s (%d networks); rolls back unless confirmed",
            ports(), String.join(", ", policy.allowCountries()), ex, networks.size()),
        String.format("ポート %s への新規接続を %s%s からのみ許可します (%d ネットワーク)。確認しなければ元に戻ります",
            ports(), String.join(", ", policy.allowCountries()), exJa, networks.size()));
  }

  @Override
  protected List<Text> checkAction(Firewall fw) {
    List<Text> out = new ArrayList<>();
    if (policy.portRanges().isEmpty()) {
      out.add(Text.of("policy %s names no ports", "ポリシー %s にポートがありません", policy.name()));
    }
    if (networks.size() == 0 && policy.allowAddresses().isEmpty()) {
      out.add(Text.of("policy %s would refuse everyone: the database has no network for %s", "ポリシー %s は全員を拒否します: データベースに %s のネットワークがありません",
          policy.name(), policy.allowCountries()));
    }
    return out;
  }

  @Override
  protected List<Wanted> wanted(Firewall fw, FirewallBackend backend, FirewallState state, List<String> notes) {
    OurSet set = OurSet.policyPorts(policy.name());
    List<Wanted> out = new ArrayList<>();
    for (PortRange p : policy.portRanges()) {
      Element e = Element.port(p);
      if (state.has(set, e)) {
        notes.add("ports " + p + " already under the policy");
      } else {
        out.add(new Wanted(set, e, null));
      }
    }
    return out;
  }

  @Override
  protected Map<OurSet, List<Element>> replacements(Firewall fw) {
    List<Cidr> v4 = new ArrayList<>(networks.v4());
    List<Cidr> v6 = new ArrayList<>(networks.v6());
    for (Cidr c : CountryNetworks.NOT_IN_ANY_COUNTRY) {
      (c.v6() ? v6 : v4).add(c);
    }
    for (Cidr c : policy.exceptions()) {
      (c.v6() ? v6 : v4).add(c);
    }
    Map<OurSet, List<Element>> out = new LinkedHashMap<>();
    out.put(OurSet.policyAllow(policy.name(), false), Cidr.collapse(v4).stream().map(Element::net).toList());
    out.put(OurSet.policyAllow(policy.name(), true), Cidr.collapse(v6).stream().map(Element::net).toList());
    return out;
  }
}
