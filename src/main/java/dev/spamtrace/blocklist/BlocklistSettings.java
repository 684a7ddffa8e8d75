package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.dns.BlocklistChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code blocklist} section of the configuration (documented in {@code config/spamtrace.yml}). */
public record BlocklistSettings(
    String resolver,
    List<String> zones,
    List<String> domainZones,
    String catalogueExtra,
    Map<String, String> keys,
    int timeoutMs,
    int retries,
    int maxInFlight,
    int udpSockets,
    double queriesPerSecondPerZone,
    boolean investigate,
    boolean investigateDomains,
    Delisting delisting) {

  public BlocklistSettings {
    zones = zones == null ? List.of() : List.copyOf(zones);
    domainZones = domainZones == null ? List.of() : List.copyOf(domainZones);
    keys = keys == null ? Map.of() : Map.copyOf(keys);
  }

  /**
   * @param quietHours hours without a new listing before a request is proposed
   * @param blockingFindings finding kinds that block a request
   * @param gapsFrom inspectors whose gaps block a request (empty: all)
   */
  public record Delisting(int quietHours, List<String> blockingFindings, List<String> gapsFrom) {
    public Delisting {
      blockingFindings = blockingFindings == null ? List.of() : List.copyOf(blockingFindings);
      gapsFrom = gapsFrom == null ? List.of() : List.copyOf(gapsFrom);
    }

    /** Whether an inspector's gaps (and its having looked) count for the gate. */
    public boolean counts(String inspector) {
      return gapsFrom.isEmpty() || gapsFrom.contains(inspector);
    }
  }

  public BlocklistChecker.Settings checkerSettings() {
    return new BlocklistChecker.Settings(Duration.ofMillis(timeoutMs), retries, maxInFlight, queriesPerSecondPerZone);
  }

  /** The transport to the resolver this configuration asks for; close it after the run. */
  public dev.spamtrace.blocklist.dns.DnsTransport transport(java.net.InetSocketAddress resolver) throws java.io.IOException {
    return udpSockets > 0 ? new dev.spamtrace.blocklist.dns.PooledUdpTransport(resolver, udpSockets)
        : new dev.spamtrace.blocklist.dns.ResolverTransport(resolver);
  }

  public static BlocklistSettings of(dev.spamtrace.config.Config config) {
    return config.section("blocklist", BlocklistSettings.class);
  }
}
