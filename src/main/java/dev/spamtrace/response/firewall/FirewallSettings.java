package dev.spamtrace.response.firewall;

import java.util.List;

/**
 * The {@code firewall} section (documented option by option in {@code config/spamtrace.yml}).
 *
 * @param planFromIncidents whether {@code investigate} plans a block for each attacker address
 * @param backend {@code auto}, {@code nftables} or {@code iptables} (iptables with ipset)
 * @param netns network namespace the rules go into; empty for the one spamtrace runs in
 * @param confirmWithin changes roll back after this long ({@code 10m}) unless confirmed; {@code 0} makes them final at once
 * @param neverBlock admin networks no block or policy may ever cover
 * @param besideManager write our own table even though firewalld or CSF is present
 * @param incidentBlockHours how long blocks planned from an incident last; 0 until undone
 * @param smtpPorts the ports outbound SMTP is refused on for everyone but the MTA
 * @param countryPolicies the per-port country policies
 * @param previewDays how far back the country-policy preview reads FTP logins
 * @param ftpLogs the FTP logs the preview reads (server paths)
 */
public record FirewallSettings(
    boolean planFromIncidents,
    String backend,
    String netns,
    String confirmWithin,
    List<String> neverBlock,
    boolean besideManager,
    int incidentBlockHours,
    List<Integer> smtpPorts,
    List<CountryPolicySettings> countryPolicies,
    int previewDays,
    List<String> ftpLogs) {

  public FirewallSettings {
    neverBlock = neverBlock == null ? List.of() : List.copyOf(neverBlock);
    smtpPorts = smtpPorts == null ? List.of() : List.copyOf(smtpPorts);
    countryPolicies = countryPolicies == null ? List.of() : List.copyOf(countryPolicies);
    ftpLogs = ftpLogs == null ? List.of() : List.copyOf(ftpLogs);
    if (netns == null) {
      netns = "";
    }
    if (!netns.isEmpty() && !netns.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("firewall.netns: not a namespace name: " + netns);
    }
    if (!List.of("auto", "nftables", "iptables").contains(backend)) {
      throw new IllegalArgumentException("firewall.backend must be auto, nftables or iptables, not " + backend);
    }
    if (confirmWithin == null || !(confirmWithin.equals("0") || confirmWithin.matches("\\d{1,6}[smhd]"))) {
      throw new IllegalArgumentException("firewall.confirm-within must be 0 or a number and s, m, h or d (10m), not " + confirmWithin);
    }
  }

  /** The dead-man switch's delay in seconds, or null when it is off. */
  public Long confirmWithinSeconds() {
    return confirmWithin.equals("0") ? null : BlockAddress.parseDuration(confirmWithin).toSeconds();
  }

  /** The policy of that name, if configured. */
  public java.util.Optional<CountryPolicySettings> policy(String name) {
    return countryPolicies.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * One country policy: new connections to {@code ports} only from {@code allowCountries} (and
   * {@code allowAddresses}).
   *
   * @param name short name, used in set names
   * @param ports ports and ranges ({@code 21}, {@code 49152-65535})
   * @param allowCountries ISO country codes allowed in
   * @param allowAddresses addresses or networks allowed in from anywhere (a customer abroad)
   */
  public record CountryPolicySettings(String name, List<String> ports, List<String> allowCountries, List<String> allowAddresses) {
    public CountryPolicySettings {
      if (name == null || !name.matches("[a-z][a-z0-9]{0,10}")) {
        throw new IllegalArgumentException("firewall.country-policies: name must be a-z0-9, at most 11, starting with a letter: " + name);
      }
      ports = ports == null ? List.of() : List.copyOf(ports);
      allowCountries = allowCountries == null ? List.of() : allowCountries.stream().map(c -> c.trim().toUpperCase(java.util.Locale.ROOT)).toList();
      allowAddresses = allowAddresses == null ? List.of() : List.copyOf(allowAddresses);
      for (String c : allowCountries) {
        if (!c.matches("[A-Z]{2}")) {
          throw new IllegalArgumentException("firewall.country-policies." + name + ": not a country code: " + c);
        }
      }
    }

    public List<PortRange> portRanges() {
      return ports.stream().map(PortRange::parse).toList();
    }

    public List<Cidr> exceptions() {
      return allowAddresses.stream().map(Cidr::parse).toList();
    }
  }
}
