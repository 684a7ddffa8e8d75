package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.assertj.core.api.Assertions;

/** Lints the shipped zone catalogue: one generated test per zone, plus rules over the whole set. */
class ZoneCatalogueTest {
  static final ZoneCatalogue CATALOGUE = ZoneCatalogue.shipped();

  @TestFactory
  Stream<DynamicTest> everyZoneIsComplete() {
    return CATALOGUE.all().stream().map(z -> DynamicTest.dynamicTest(z.zone(), () -> lint(z)));
  }

  static void lint(Zone z) {
    List<String> problems = new ArrayList<>();
    if (blank(z.operator())) problems.add("no operator");
    if (blank(z.lists())) problems.add("no 'lists'");
    if (z.target() == null || z.role() == null || z.status() == null || z.txt() == null || z.access() == null) {
      problems.add("target, role, status, txt and access are required");
    }
    if (z.removal() == null || z.removal().policy() == null) problems.add("no removal policy");
    if (blank(z.delistingPage())) problems.add("no delisting-page (write \"-\" when there is none)");
    if (z.sources().isEmpty()) problems.add("no sources: every fact needs one");
    if (z.isDead()) {
      if (z.byDefault()) problems.add("a defunct or unreliable list is in the default set");
      if (!"-".equals(z.delistingPage()) && z.status() == Zone.Status.DEFUNCT) problems.add("a defunct list has a delisting page");
      if (z.since() == null && !z.note().contains("unknown")) problems.add("defunct without 'since' (or a note saying the year is unknown)");
    } else {
      if (!z.delistingPage().startsWith("https://") && !z.delistingPage().startsWith("http://")) problems.add("delisting page is not a URL");
      if (z.role() == Zone.Role.BLOCKLIST && z.listed().isEmpty() && z.bits().isEmpty()) problems.add("a live blocklist with no listed codes");
    }
    if (z.needsKey() && z.access() != Zone.Access.KEY) problems.add("{key} in the zone name but access is not 'key'");
    if (z.access() == Zone.Access.KEY && !z.needsKey()) problems.add("access 'key' but no {key} in the zone name");
    if (z.needsKey() && z.byDefault()) problems.add("a list that needs a key cannot be in the default set");
    for (Map.Entry<String, Zone.Code> e : z.listed().entrySet()) {
      if (!loopback(e.getKey())) problems.add("listed code " + e.getKey() + " is not in 127.0.0.0/8");
      if (e.getKey().startsWith("127.255.255.")) problems.add("listed code " + e.getKey() + " is in the error range 127.255.255.0/24");
      if (z.errors().containsKey(e.getKey())) problems.add("code " + e.getKey() + " is both listed and an error");
      if (z.notListing().containsKey(e.getKey())) problems.add("code " + e.getKey() + " is both listed and not-listing");
      if (blank(e.getValue().meaning()) || e.getValue().verdict() == null) problems.add("code " + e.getKey() + " has no meaning or verdict");
    }
    for (String err : z.errors().keySet()) {
      if (!loopback(err)) problems.add("error code " + err + " is not in 127.0.0.0/8");
    }
    for (Integer bit : z.bits().keySet()) {
      if (Integer.bitCount(bit) != 1 || bit > 128) problems.add("bit " + bit + " is not a single bit of the last octet");
      if (z.errorBits().containsKey(bit)) problems.add("bit " + bit + " is both listed and an error");
    }
    if (z.removal() != null) {
      Zone.Removal r = z.removal();
      if ((r.policy() == Zone.Policy.EXPIRY || r.policy() == Zone.Policy.PAID_EXPRESS) && (r.expiryDays() == null || r.expiryDays() <= 0)) {
        problems.add("policy " + r.policy().id() + " needs expiry-days");
      }
      if (r.policy() == Zone.Policy.PAID_EXPRESS && !r.paid()) problems.add("paid-express must say paid: true");
      if (r.policy() == Zone.Policy.FREE_ONCE_THEN_PAID && (!r.paid() || blank(r.repeat()))) problems.add("free-once-then-paid needs paid: true and 'repeat'");
    }
    if (z.target() == Zone.Target.IP) {
      for (String t : List.of(z.testListed(), z.testNotListed())) {
        if (!t.isEmpty() && !loopback(t)) problems.add("IP test entry " + t + " is not an address in 127.0.0.0/8");
      }
      if (!z.testNotListed().isEmpty() && !z.testNotListed().equals("127.0.0.1")) problems.add("RFC 5782: the never-listed entry is 127.0.0.1");
    } else if (z.testListed().isEmpty()) {
      problems.add("a domain list needs a test-listed name");
    }
    if (z.status() == Zone.Status.ACTIVE && z.role() == Zone.Role.BLOCKLIST && !z.isDead() && z.testNotListed().isEmpty()) {
      problems.add("a live blocklist without a never-listed test entry cannot be health-checked");
    }
    assertThat(problems).as(z.zone()).isEmpty();
  }

  @Test
  void spamhausErrorCodesAreErrorsOnEverySpamhausZone() {
    for (Zone z : CATALOGUE.all()) {
      if (z.operator().startsWith("Spamhaus")) {
        assertThat(z.errors()).as(z.zone()).containsKeys("127.255.255.252", "127.255.255.254", "127.255.255.255");
      }
    }
  }

  @Test
  void defaultSetIsLiveAndBigEnoughAndNamesTheBigLists() {
    List<String> ip = CATALOGUE.defaults(Zone.Target.IP, Map.of()).stream().map(Zone::zone).toList();
    assertThat(ip).contains("zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org", "dnsbl-1.uceprotect.net", "psbl.surriel.com")
        .doesNotContain("dnsbl.sorbs.net", "ix.dnsbl.manitu.net", "dnsbl.ahbl.org", "ubl.unsubscore.com", "combined.rbl.msrbl.net");
    assertThat(ip.size()).isBetween(12, 30);
    assertThat(CATALOGUE.defaults(Zone.Target.DOMAIN, Map.of()).stream().map(Zone::zone))
        .containsExactlyInAnyOrder("dbl.spamhaus.org", "multi.surbl.org", "multi.uribl.com");
  }

  @Test
  void keyZonesJoinTheDefaultSetOnlyWithAKey() {
    assertThat(CATALOGUE.defaults(Zone.Target.IP, Map.of()).stream().map(Zone::zone)).noneMatch(z -> z.contains("{key}"));
    assertThat(CATALOGUE.defaults(Zone.Target.IP, Map.of("{key}.zen.dq.spamhaus.net", "abc")).stream().map(Zone::zone))
        .contains("{key}.zen.dq.spamhaus.net");
  }

  @Test
  void sorbsIsDefunctSince2024() {
    Zone sorbs = CATALOGUE.find("dnsbl.sorbs.net").orElseThrow();
    assertThat(sorbs.status()).isEqualTo(Zone.Status.DEFUNCT);
    assertThat(sorbs.since()).isEqualTo(2024);
  }

  @Test
  void allowlistsAndReputationZonesSayGoodNotListed() {
    assertThat(CATALOGUE.find("list.dnswl.org").orElseThrow().role()).isEqualTo(Zone.Role.ALLOWLIST);
    assertThat(CATALOGUE.find("hostkarma.junkemailfilter.com").orElseThrow().notListing()).containsKey("127.0.0.1");
  }

  @Test
  void theLintCatchesABrokenEntry() {
    String broken = """
        zones:
          - zone: bad.example
            operator: nobody
            lists: things
            target: ip
            role: blocklist
            status: defunct
            default: true
            ipv6: false
            txt: unknown
            listed:
              10.0.0.2: {meaning: "x", verdict: spam}
            errors:
              10.0.0.2: "also an error"
            removal: {policy: expiry}
            delisting-page: https://bad.example/
            access: open
            sources: []
        """;
    Zone z = parse(broken).all().get(0);
    Assertions.assertThatThrownBy(() -> lint(z)).hasMessageContaining("default set").hasMessageContaining("127.0.0.0/8")
        .hasMessageContaining("both listed and an error").hasMessageContaining("expiry-days").hasMessageContaining("no sources");
  }

  @Test
  void unknownKeysInTheCatalogueAreRefused() {
    Assertions.assertThatThrownBy(() -> parse("zones:\n  - zone: a.example\n    colour: red\n")).hasMessageContaining("colour");
  }

  static ZoneCatalogue parse(String yaml) {
    try {
      return ZoneCatalogue.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static boolean loopback(String a) {
    String[] p = a.split("\\.");
    if (p.length != 4 || !p[0].equals("127")) {
      return false;
    }
    for (String x : p) {
      if (!x.matches("\\d{1,3}") || Integer.parseInt(x) > 255) {
        return false;
      }
    }
    return true;
  }
}
