package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A country policy for real, with the embedded database and addresses from known ranges given to
 * the client namespace (202.12.27.33 is JP, 193.0.6.139 NL): FTP control and passive ports only
 * from JP; the exception gets in from NL; replies to the server's own connections are untouched.
 */
class CountryPolicyTest {
  static final String JP = "202.12.27.33";
  static final String NL = "193.0.6.139";
  static final String NL2 = "193.0.6.140";

  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void onlyAllowedCountriesAndExceptionsReachThePolicyPorts(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp); CountryDatabase db = CountryDatabase.embedded()) {
      lab.addClientAddress(JP);
      lab.addClientAddress(NL);
      lab.addClientAddress(NL2);
      lab.listenOnServer(2121);
      lab.listenOnServer(50005);
      lab.listenOnServer(2200);
      lab.listen(lab.client, NL, 2500);
      FirewallSettings.CountryPolicySettings policy =
          new FirewallSettings.CountryPolicySettings("ftp", List.of("2121", "50000-50010"), List.of("JP"), List.of(NL2));
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0", "country-policies",
          List.of(Map.of("name", "ftp", "ports", policy.ports(), "allow-countries", policy.allowCountries(), "allow-addresses", policy.allowAddresses()))),
          List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));

      CountryNetworks jp = CountryNetworks.compile(db, Set.of("JP"));
      assertThat(jp.v4()).anySatisfy(c -> assertThat(c.contains(Cidr.parse(JP))).isTrue());
      assertThat(jp.v4()).noneSatisfy(c -> assertThat(c.contains(Cidr.parse(NL))).isTrue());

      Responder.Taken t = new Responder(journal).apply(new Plan(List.of(new CountryPolicy(policy, jp, List.of(), Map.of()))), ctx).get(0);
      assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done);

      assertThat(lab.clientConnects(JP, 2121)).as("JP to 21").isTrue();
      assertThat(lab.clientConnects(JP, 50005)).as("JP to the passive range").isTrue();
      assertThat(lab.clientConnects(NL, 2121)).as("NL to 21").isFalse();
      assertThat(lab.clientConnects(NL, 50005)).as("NL to the passive range").isFalse();
      assertThat(lab.clientConnects(NL2, 2121)).as("the NL exception").isTrue();
      assertThat(lab.clientConnects(lab.clientAddr, 2121)).as("a private address").isTrue();
      assertThat(lab.clientConnects(NL, 2200)).as("NL to a port outside the policy").isTrue();
      // The server's own connection out to NL, from a port inside the passive range: its replies are not new connections.
      assertThat(lab.serverConnectsFrom(lab.serverAddr + "#50007", NL, 2500)).as("replies to the server's own connection").isTrue();

      // Applying again changes nothing.
      Responder.Taken again = new Responder(journal).apply(new Plan(List.of(new CountryPolicy(policy, jp, List.of(), Map.of()))), ctx).get(0);
      assertThat(again.message().en()).contains("already in force");

      Undo undo = new Undo(journal);
      assertThat(undo.apply(undo.candidates(h -> true), ctx)).allSatisfy(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.clientConnects(NL, 2121)).as("after undo").isTrue();
      assertThat(lab.leftovers()).isEmpty();
    }
  }
}
