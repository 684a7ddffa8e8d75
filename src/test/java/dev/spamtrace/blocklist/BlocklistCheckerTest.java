package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.dns.BlocklistChecker;
import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.dns.DnsTransport;
import dev.spamtrace.blocklist.dns.ResolverTransport;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker against a real dnsmasq on loopback, serving zones built from the shipped catalogue's
 * code tables under {@code .test} names: listings with TXT, Spamhaus error codes, a zone that
 * answers everything, one that answers nothing, one that refuses, one that times out, and a
 * bitmask domain list.
 */
class BlocklistCheckerTest {
  static final ZoneCatalogue C = ZoneCatalogue.shipped();
  static final Zone ZEN = C.find("zen.spamhaus.org").orElseThrow().renamed("zen.test");
  static final Zone SPAMCOP = C.find("bl.spamcop.net").orElseThrow().renamed("spamcop.test");
  static final Zone S5H = C.find("all.s5h.net").orElseThrow().renamed("s5h.test");
  static final Zone ERRORS = C.find("zen.spamhaus.org").orElseThrow().renamed("public-resolver.test");
  static final Zone WORLD = C.find("bl.spamcop.net").orElseThrow().renamed("world.test");
  static final Zone EMPTY = C.find("dnsbl-1.uceprotect.net").orElseThrow().renamed("empty.test");
  static final Zone REFUSING = C.find("b.barracudacentral.org").orElseThrow().renamed("refused.test");
  static final Zone SLOW = C.find("psbl.surriel.com").orElseThrow().renamed("slow.test");
  static final Zone URIBL = C.find("multi.uribl.com").orElseThrow().renamed("uribl.test");

  static final String LISTED = "192.0.2.99";
  static final String XBL_AND_PBL = "192.0.2.98";
  static final String CLEAN = "192.0.2.50";
  static final String LISTED6 = "2001:db8::99";

  @TempDir static Path dir;
  static LoopbackDns dns;

  @BeforeAll
  static void start() throws Exception {
    dns = LoopbackDns.start(dir, "2.0.0.127.zen.test", z -> {
      var c = z.conf();
      try {
        for (String zone : List.of("zen.test", "spamcop.test", "s5h.test", "empty.test", "uribl.test", "s3cr3tkey.dq.test")) {
          c.zone(zone);
        }
        c.listed("zen.test", ip("127.0.0.2"), "test entry", "127.0.0.2", "127.0.0.4", "127.0.0.10");
        c.listed("zen.test", ip(LISTED), "https://check.spamhaus.org/query/ip/192.0.2.99", "127.0.0.3");
        c.listed("zen.test", ip(XBL_AND_PBL), null, "127.0.0.4", "127.0.0.10");
        c.listed("s3cr3tkey.dq.test", ip("127.0.0.2"), null, "127.0.0.2");
        c.listed("s3cr3tkey.dq.test", ip(LISTED), "listed", "127.0.0.4");
        c.listed("spamcop.test", ip("127.0.0.2"), null, "127.0.0.2");
        c.listed("spamcop.test", ip(LISTED), "Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.99", "127.0.0.2");
        c.listed("s5h.test", ip("127.0.0.2"), null, "127.0.0.2");
        c.listed("s5h.test", ip(LISTED6), "listed for spam", "127.0.0.2");
        c.wildcard("public-resolver.test", "127.255.255.254");
        c.wildcard("world.test", "127.0.0.2");
        c.forwardTo("slow.test", z.timeoutPort());
        c.name("test.uribl.com.uribl.test", null, "127.0.0.14");
        c.name("spammy.example.uribl.test", null, "127.0.0.2");
        c.name("blocked.example.uribl.test", null, "127.0.0.1");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @AfterAll
  static void stop() {
    if (dns != null) {
      dns.close();
    }
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  /** The transport under test: dnsjava's socket per query here, the pooled sockets in the subclass. */
  DnsTransport transport() throws Exception {
    return new ResolverTransport(dns.address());
  }

  BlocklistChecker checker(Duration timeout, int retries) throws Exception {
    return new BlocklistChecker(transport(), new BlocklistChecker.Settings(timeout, retries, 32, 0), Clock.systemUTC());
  }

  static CheckRun.Check find(CheckRun run, String subject, Zone zone) {
    return run.checks().stream().filter(c -> c.subject().value().equals(subject) && c.zone().zone().equals(zone.zone())).findFirst().orElseThrow();
  }

  @Test
  void listedAddressesCarryCodesMeaningsAndTxtAndCleanOnesAreNotListed() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 1)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED), Subject.parse(XBL_AND_PBL), Subject.parse(CLEAN)), List.of(ZEN, SPAMCOP), Map.of());
      assertThat(run.health()).extracting(ZoneHealth::state).containsOnly(ZoneHealth.State.HEALTHY);
      Outcome.Listed zen = (Outcome.Listed) find(run, LISTED, ZEN).outcome();
      assertThat(zen.codes()).isEqualTo("127.0.0.3");
      assertThat(zen.meanings()).contains("CSS");
      assertThat(zen.txt()).containsExactly("https://check.spamhaus.org/query/ip/192.0.2.99");
      Outcome.Listed spamcop = (Outcome.Listed) find(run, LISTED, SPAMCOP).outcome();
      assertThat(spamcop.txt().get(0)).contains("spamcop");
      Outcome.Listed both = (Outcome.Listed) find(run, XBL_AND_PBL, ZEN).outcome();
      assertThat(both.hits()).extracting(Outcome.Hit::verdict).containsExactlyInAnyOrder(Zone.Verdict.SPAM, Zone.Verdict.POLICY);
      assertThat(find(run, CLEAN, ZEN).outcome()).isInstanceOf(Outcome.NotListed.class);
      assertThat(find(run, CLEAN, SPAMCOP).outcome()).isInstanceOf(Outcome.NotListed.class);
      assertThat(find(run, LISTED, ZEN).query()).isEqualTo("99.2.0.192.zen.test");
      assertThat(run.queries()).isGreaterThanOrEqualTo(6 + 2 * 3);
    }
  }

  @Test
  void ipv6AddressesAreQueriedInNibbleFormOnZonesThatListIpv6() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 1)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED6)), List.of(S5H, SPAMCOP), Map.of());
      CheckRun.Check s5h = find(run, LISTED6, S5H);
      assertThat(s5h.query()).startsWith("9.9.0.0.0.0.0.0").endsWith(".8.b.d.0.1.0.0.2.s5h.test");
      assertThat(((Outcome.Listed) s5h.outcome()).txt()).containsExactly("listed for spam");
      // SpamCop does not list IPv6: not asked, and not a gap either.
      assertThat(find(run, LISTED6, SPAMCOP).outcome()).isInstanceOfSatisfying(Outcome.Unknown.class,
          u -> assertThat(u.reason()).isEqualTo(Outcome.Reason.NOT_COVERED));
      assertThat(find(run, LISTED6, SPAMCOP).unknown()).isFalse();
    }
  }

  @Test
  void spamhausErrorCodesAreUnknownAndTheZoneIsBlockedNotListing() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED)), List.of(ERRORS), Map.of());
      assertThat(run.healthOf("public-resolver.test").state()).isEqualTo(ZoneHealth.State.BLOCKED);
      Outcome o = find(run, LISTED, ERRORS).outcome();
      assertThat(o).isInstanceOfSatisfying(Outcome.Unknown.class, u -> {
        assertThat(u.reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
        assertThat(u.detail()).contains("127.255.255.254").contains("public or open resolver");
      });
      assertThat(run.listed()).isEmpty();
    }
  }

  @Test
  void aZoneThatAnswersEverythingIsUnreliableAndItsAnswersAreNotListings() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(List.of(Subject.parse(CLEAN)), List.of(WORLD), Map.of());
      assertThat(run.healthOf("world.test").state()).isEqualTo(ZoneHealth.State.LISTS_EVERYTHING);
      assertThat(find(run, CLEAN, WORLD).outcome()).isInstanceOfSatisfying(Outcome.Unknown.class,
          u -> assertThat(u.reason()).isEqualTo(Outcome.Reason.ZONE_LISTS_EVERYTHING));
      assertThat(run.listed()).isEmpty();
    }
  }

  @Test
  void theRandomNeverListedProbeIsNeverAnAddressBeingChecked() {
    // Drawn freely from 192.0.2.0/24, the probe was the checked address once in 254 runs, and the
    // address's own listing then made a healthy list look like one that lists everything.
    List<Subject> one = List.of(Subject.parse("192.0.2.42"));
    for (int i = 0; i < 3000; i++) {
      assertThat(BlocklistChecker.randomDocumentationAddress(one)).isNotEqualTo("192.0.2.42").startsWith("192.0.2.");
    }
    List<Subject> allButOne = new java.util.ArrayList<>();
    for (int i = 1; i <= 254; i++) {
      if (i != 77) {
        allButOne.add(Subject.parse("192.0.2." + i));
      }
    }
    for (int i = 0; i < 50; i++) {
      assertThat(BlocklistChecker.randomDocumentationAddress(allButOne)).isEqualTo("192.0.2.77");
    }
  }

  @Test
  void aZoneThatAnswersNothingMakesNotListedMeaningless() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED)), List.of(EMPTY), Map.of());
      assertThat(run.healthOf("empty.test").state()).isEqualTo(ZoneHealth.State.LISTS_NOTHING);
      assertThat(find(run, LISTED, EMPTY).outcome()).isInstanceOfSatisfying(Outcome.Unknown.class,
          u -> assertThat(u.reason()).isEqualTo(Outcome.Reason.ZONE_LISTS_NOTHING));
    }
  }

  @Test
  void refusedAndTimedOutZonesAreUnknownWithTheReason() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofMillis(300), 1)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED)), List.of(REFUSING, SLOW, ZEN), Map.of());
      assertThat(find(run, LISTED, REFUSING).outcome()).isInstanceOfSatisfying(Outcome.Unknown.class,
          u -> assertThat(u.reason()).isEqualTo(Outcome.Reason.REFUSED));
      assertThat(run.healthOf("refused.test").state()).isEqualTo(ZoneHealth.State.BLOCKED);
      assertThat(find(run, LISTED, SLOW).outcome()).isInstanceOfSatisfying(Outcome.Unknown.class, u -> {
        assertThat(u.reason()).isEqualTo(Outcome.Reason.TIMEOUT);
        assertThat(u.detail()).contains("after 2 tries");
      });
      assertThat(run.healthOf("slow.test").state()).isEqualTo(ZoneHealth.State.UNKNOWN);
      // The slow zone does not hold up the others.
      assertThat(find(run, LISTED, ZEN).listed()).isTrue();
      assertThat(run.unknown()).hasSize(2);
    }
  }

  @Test
  void domainListsDecodeBitsAndTreatTheBlockedBitAsAnError() throws Exception {
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(List.of(Subject.parse("spammy.example"), Subject.parse("blocked.example"), Subject.parse("bakery.example")),
          List.of(URIBL, ZEN), Map.of());
      assertThat(run.healthOf("uribl.test").state()).isEqualTo(ZoneHealth.State.HEALTHY);
      assertThat(((Outcome.Listed) find(run, "spammy.example", URIBL).outcome()).meanings()).contains("black");
      assertThat(((Outcome.Unknown) find(run, "blocked.example", URIBL).outcome()).reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
      assertThat(find(run, "bakery.example", URIBL).outcome()).isInstanceOf(Outcome.NotListed.class);
      // A domain is never put on an IP list.
      assertThat(((Outcome.Unknown) find(run, "bakery.example", ZEN).outcome()).reason()).isEqualTo(Outcome.Reason.NOT_COVERED);
    }
  }

  @Test
  void aPerZoneRateLimitSpacesQueries() throws Exception {
    Zone limited = new Zone("zen.test", ZEN.operator(), ZEN.lists(), ZEN.target(), ZEN.role(), ZEN.status(), null, false, true, Zone.Txt.NO,
        ZEN.listed(), ZEN.bits(), ZEN.errors(), ZEN.errorBits(), ZEN.notListing(), ZEN.removal(), ZEN.delistingPage(), ZEN.access(),
        20.0, null, ZEN.testListed(), ZEN.testNotListed(), ZEN.sources(), "");
    List<Subject> subjects = java.util.stream.IntStream.range(1, 11).mapToObj(i -> Subject.parse("198.51.100." + i)).toList();
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(subjects, List.of(limited), Map.of());
      // 10 lookups + 3 health queries at 20/s: at least 12 gaps of 50 ms.
      assertThat(Duration.between(run.started(), run.finished())).isGreaterThanOrEqualTo(Duration.ofMillis(550));
      assertThat(run.checks()).allMatch(c -> c.outcome() instanceof Outcome.NotListed);
    }
  }

  @Test
  void aKeyGoesIntoTheQueryButNeverIntoTheResults() throws Exception {
    Zone dq = C.find("{key}.zen.dq.spamhaus.net").orElseThrow().renamed("{key}.dq.test");
    try (BlocklistChecker ch = checker(Duration.ofSeconds(2), 0)) {
      CheckRun run = ch.check(List.of(Subject.parse(LISTED)), List.of(dq), Map.of("{key}.dq.test", "s3cr3tkey"));
      CheckRun.Check c = find(run, LISTED, dq);
      assertThat(c.listed()).isTrue();
      assertThat(c.query()).isEqualTo("99.2.0.192.{key}.dq.test");
      assertThat(CheckReport.json(run, "test", List.of())).doesNotContain("s3cr3tkey");
      // Without its key the list is not asked at all.
      CheckRun none = ch.check(List.of(Subject.parse(LISTED)), List.of(dq), Map.of());
      assertThat(((Outcome.Unknown) find(none, LISTED, dq).outcome()).reason()).isEqualTo(Outcome.Reason.NOT_COVERED);
      assertThat(none.queries()).isZero();
    }
  }

  /** Counts queries outstanding per zone on their way to the real dnsmasq. */
  static final class CountingTransport implements DnsTransport {
    final DnsTransport real;
    final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> now = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.Map<String, Integer> max = new java.util.concurrent.ConcurrentHashMap<>();

    CountingTransport(DnsTransport real) {
      this.real = real;
    }

    @Override
    public java.util.concurrent.CompletableFuture<org.xbill.DNS.Message> send(org.xbill.DNS.Message q, Duration timeout) {
      String name = q.getQuestion().getName().toString();
      String zone = name.contains("slow.test") ? "slow" : "other";
      int n = now.computeIfAbsent(zone, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      max.merge(zone, n, Math::max);
      return real.send(q, timeout).whenComplete((m, e) -> now.get(zone).decrementAndGet());
    }

    @Override
    public String describe() {
      return real.describe();
    }

    @Override
    public void close() {
      real.close();
    }
  }

  @Test
  void aListThatTimesOutHoldsAtMostAQuarterOfTheSlots() throws Exception {
    CountingTransport counting = new CountingTransport(transport());
    List<Subject> subjects = java.util.stream.IntStream.range(1, 13).mapToObj(i -> Subject.parse("198.51.100." + i)).toList();
    try (BlocklistChecker ch = new BlocklistChecker(counting, new BlocklistChecker.Settings(Duration.ofMillis(200), 0, 8, 0), Clock.systemUTC())) {
      CheckRun run = ch.check(subjects, List.of(SLOW, ZEN), Map.of());
      assertThat(counting.max.get("slow")).isLessThanOrEqualTo(2);
      assertThat(run.checks().stream().filter(c -> c.zone() == ZEN)).allMatch(c -> c.outcome() instanceof Outcome.NotListed);
      assertThat(run.checks().stream().filter(c -> c.zone() == SLOW)).allMatch(c -> c.unknown());
    }
  }

  @Test
  void dnsmasqLoggedOurQueriesAndOnlyOurs() throws Exception {
    String log = Files.readString(dir.resolve("dnsmasq.log"));
    assertThat(log).contains("query[A] 2.0.0.127.zen.test");
  }
}
