package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.zones.Interpretation;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.QueryName;
import dev.spamtrace.blocklist.zones.Response;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answer interpretation with the shipped catalogue's code tables: pure, no DNS. */
class InterpretationTest {
  static final ZoneCatalogue C = ZoneCatalogue.shipped();
  static final Zone ZEN = C.find("zen.spamhaus.org").orElseThrow();
  static final Zone URIBL = C.find("multi.uribl.com").orElseThrow();
  static final Zone DNSWL = C.find("list.dnswl.org").orElseThrow();
  static final Zone HOSTKARMA = C.find("hostkarma.junkemailfilter.com").orElseThrow();

  @Test
  void nxdomainIsNotListed() {
    assertThat(Interpretation.of(ZEN, Response.Answered.nxdomain())).isInstanceOf(Outcome.NotListed.class);
  }

  @Test
  void spamhausCodesAreListingsWithTheirMeaning() {
    Outcome o = Interpretation.of(ZEN, Response.Answered.a("127.0.0.4", "127.0.0.10"));
    assertThat(o).isInstanceOf(Outcome.Listed.class);
    Outcome.Listed l = (Outcome.Listed) o;
    assertThat(l.codes()).isEqualTo("127.0.0.4,127.0.0.10");
    assertThat(l.meanings()).contains("XBL").contains("PBL");
    assertThat(l.verdict()).isEqualTo(Zone.Verdict.SPAM);
    assertThat(l.hits().get(0).removal().policy()).isEqualTo(Zone.Policy.SELF_SERVICE);
  }

  @Test
  void spamhausErrorCodesAreNeverListings() {
    for (String err : List.of("127.255.255.252", "127.255.255.254", "127.255.255.255")) {
      Outcome o = Interpretation.of(ZEN, Response.Answered.a(err));
      assertThat(o).as(err).isInstanceOf(Outcome.Unknown.class);
      assertThat(((Outcome.Unknown) o).reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
    }
    // An error among listing codes still makes the whole answer an error.
    assertThat(Interpretation.of(ZEN, Response.Answered.a("127.0.0.2", "127.255.255.254"))).isInstanceOf(Outcome.Unknown.class);
  }

  @Test
  void theErrorRangeIsAnErrorEvenOnListsThatDoNotDocumentIt() {
    Zone spamcop = C.find("bl.spamcop.net").orElseThrow();
    assertThat(((Outcome.Unknown) Interpretation.of(spamcop, Response.Answered.a("127.255.255.1"))).reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
  }

  @Test
  void answersOutside127AreNotListings() {
    Outcome o = Interpretation.of(ZEN, Response.Answered.a("198.51.100.7"));
    assertThat(((Outcome.Unknown) o).reason()).isEqualTo(Outcome.Reason.NOT_A_LIST_ANSWER);
  }

  @Test
  void unknownCodesAreUnexpectedNotListed() {
    Outcome o = Interpretation.of(ZEN, Response.Answered.a("127.0.0.99"));
    assertThat(((Outcome.Unknown) o).reason()).isEqualTo(Outcome.Reason.UNEXPECTED_ANSWER);
  }

  @Test
  void refusedServfailAndTimeoutsAreUnknown() {
    assertThat(((Outcome.Unknown) Interpretation.of(ZEN, new Response.Answered(Response.REFUSED, List.of(), -1))).reason()).isEqualTo(Outcome.Reason.REFUSED);
    assertThat(((Outcome.Unknown) Interpretation.of(ZEN, new Response.Answered(Response.SERVFAIL, List.of(), -1))).reason()).isEqualTo(Outcome.Reason.SERVFAIL);
    assertThat(((Outcome.Unknown) Interpretation.of(ZEN, new Response.Failed(Outcome.Reason.TIMEOUT, ""))).reason()).isEqualTo(Outcome.Reason.TIMEOUT);
  }

  @Test
  void bitmaskListsDecodeBitsAndBitOneIsBlocked() {
    Outcome o = Interpretation.of(URIBL, Response.Answered.a("127.0.0.14"));
    assertThat(((Outcome.Listed) o).meanings()).contains("black").contains("grey").contains("red");
    Outcome blocked = Interpretation.of(URIBL, Response.Answered.a("127.0.0.1"));
    assertThat(((Outcome.Unknown) blocked).reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
    assertThat(((Outcome.Unknown) Interpretation.of(URIBL, Response.Answered.a("127.0.0.32"))).reason()).isEqualTo(Outcome.Reason.UNEXPECTED_ANSWER);
  }

  @Test
  void allowlistAnswersAreGoodNewsNotListings() {
    Outcome o = Interpretation.of(DNSWL, Response.Answered.a("127.0.0.2"));
    assertThat(o).isInstanceOf(Outcome.NotListed.class);
    assertThat(((Outcome.NotListed) o).note()).contains("allowlisted");
    assertThat(((Outcome.Unknown) Interpretation.of(DNSWL, Response.Answered.a("127.0.0.255"))).reason()).isEqualTo(Outcome.Reason.ERROR_CODE);
    Outcome white = Interpretation.of(HOSTKARMA, Response.Answered.a("127.0.0.1"));
    assertThat(white).isInstanceOf(Outcome.NotListed.class);
    assertThat(Interpretation.of(HOSTKARMA, Response.Answered.a("127.0.0.2"))).isInstanceOf(Outcome.Listed.class);
  }

  @Test
  void healthyZoneKeepsItsAnswers() {
    ZoneHealth h = Interpretation.health(ZEN, Response.Answered.a("127.0.0.2"), List.of(Response.Answered.nxdomain(), Response.Answered.nxdomain()));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.HEALTHY);
    Outcome listed = Interpretation.of(ZEN, Response.Answered.a("127.0.0.2"));
    assertThat(h.apply(listed)).isSameAs(listed);
  }

  @Test
  void aZoneThatAnswersItsNeverListedEntryListsTheWorld() {
    ZoneHealth h = Interpretation.health(ZEN, Response.Answered.a("127.0.0.2"), List.of(Response.Answered.a("127.0.0.2"), Response.Answered.nxdomain()));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.LISTS_EVERYTHING);
    Outcome o = h.apply(Interpretation.of(ZEN, Response.Answered.a("127.0.0.2")));
    assertThat(((Outcome.Unknown) o).reason()).isEqualTo(Outcome.Reason.ZONE_LISTS_EVERYTHING);
  }

  @Test
  void aParkedZoneAnsweringOutside127ListsTheWorld() {
    ZoneHealth h = Interpretation.health(ZEN, Response.Answered.a("198.51.100.7"), List.of(Response.Answered.a("198.51.100.7")));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.LISTS_EVERYTHING);
  }

  @Test
  void aZoneThatDoesNotListItsTestEntryListsNothingAndItsNotListedMeansNothing() {
    // What a resolver that hides Spamhaus (NXDOMAIN for everything) looks like.
    ZoneHealth h = Interpretation.health(ZEN, Response.Answered.nxdomain(), List.of(Response.Answered.nxdomain()));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.LISTS_NOTHING);
    Outcome o = h.apply(Interpretation.of(ZEN, Response.Answered.nxdomain()));
    assertThat(((Outcome.Unknown) o).reason()).isEqualTo(Outcome.Reason.ZONE_LISTS_NOTHING);
  }

  @Test
  void errorCodesOnTestEntriesMeanBlocked() {
    ZoneHealth h = Interpretation.health(ZEN, Response.Answered.a("127.255.255.254"), List.of(Response.Answered.a("127.255.255.254")));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.BLOCKED);
    ZoneHealth refused = Interpretation.health(ZEN, new Response.Answered(Response.REFUSED, List.of(), -1), List.of());
    assertThat(refused.state()).isEqualTo(ZoneHealth.State.BLOCKED);
  }

  @Test
  void healthThatCouldNotBeCheckedIsNotTrusted() {
    ZoneHealth h = Interpretation.health(ZEN, new Response.Failed(Outcome.Reason.TIMEOUT, ""), List.of(Response.Answered.nxdomain()));
    assertThat(h.state()).isEqualTo(ZoneHealth.State.UNKNOWN);
    assertThat(h.apply(new Outcome.NotListed(""))).isInstanceOf(Outcome.Unknown.class);
  }

  @Test
  void queryNamesFollowRfc5782() throws Exception {
    assertThat(QueryName.of(InetAddress.getByName("192.0.2.99"), "zen.example")).isEqualTo("99.2.0.192.zen.example");
    // RFC 5782 section 2.4's own example.
    assertThat(QueryName.of(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com"))
        .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com");
    assertThat(QueryName.ofDomain("Shop.Example.", "dbl.example")).isEqualTo("shop.example.dbl.example");
    assertThat(QueryName.ofDomain("evil;rm -rf.example", "dbl.example")).isNull();
    assertThat(QueryName.ofDomain("localhost", "dbl.example")).isNull();
  }

  @Test
  void subjectsAreLiteralsOrPlainDomains() {
    assertThat(Subject.parse("2001:0db8:0000:0000:0000:0000:0000:0099").value()).isEqualTo("2001:db8::99");
    assertThat(Subject.parse("192.0.2.1").kind()).isEqualTo(Subject.Kind.IPV4);
    assertThat(Subject.parse("shop.example").kind()).isEqualTo(Subject.Kind.DOMAIN);
    assertThat(Subject.parse("<script>")).isNull();
  }
}
