package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator is never locked out: an incident that names the SSH session's address, an admin
 * network or the server itself gets its block refused, and even an element that reached our block
 * set some other way does not cut the SSH session's address off (our chain accepts it first).
 */
class NeverBlockTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  private static Finding attacker(String address) {
    return Finding.builder(FindingKind.ATTACKER_ADDRESS, address).severity(Severity.HIGH)
        .summary(Text.same("FTP upload of a web shell from " + address)).evidence("address", address).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void anIncidentCannotBlockTheSshSessionAdminNetworksOrTheServer(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2200;
      lab.listenOnServer(port);
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0", "plan-from-incidents", true,
          "never-block", List.of("198.51.100.0/24")), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      // The operator is logged in over SSH from the client's address.
      Map<String, String> env = Map.of("SSH_CONNECTION", lab.clientAddr + " 52100 " + lab.serverAddr + " 22");
      String clientNet = lab.clientAddr.substring(0, lab.clientAddr.lastIndexOf('.')) + ".0/24";

      List<Finding> findings = List.of(attacker(lab.clientAddr), attacker(clientNet), attacker("198.51.100.77"),
          attacker(lab.serverAddr), attacker("127.0.0.1"), attacker("0.0.0.0/0"));
      Plan plan = Plan.from(List.of(new FirewallPlanner(env)), findings, root, config);
      assertThat(plan.actions()).hasSize(6);

      List<Responder.Taken> taken = new Responder(journal).apply(plan, ctx);
      assertThat(taken).allSatisfy(t -> assertThat(t.phase()).as(t.action().target() + ": " + t.message().en()).isEqualTo(Phase.refused));
      assertThat(taken.get(0).message().en()).contains("SSH_CONNECTION");
      assertThat(taken.get(2).message().en()).contains("firewall.never-block");
      assertThat(taken.get(3).message().en()).contains("own address");
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("the operator's address still connects").isTrue();
      assertThat(lab.leftovers()).as("nothing applied").isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void theChainAcceptsTheSessionBeforeAnyBlock(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2201;
      lab.listenOnServer(port);
      lab.addClientAddress("10.232.0.9");
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      Map<String, String> env = Map.of("SSH_CONNECTION", lab.clientAddr + " 52100 " + lab.serverAddr + " 22");
      // A legitimate block of another address puts our table in place, never list included.
      List<Responder.Taken> taken = new Responder(journal).apply(
          new Plan(List.of(new BlockAddress(Cidr.parse("10.232.0.9"), List.of(), null, "", List.of(), env))), ctx);
      assertThat(taken.get(0).phase()).as(taken.get(0).message().en()).isEqualTo(Phase.done);
      assertThat(lab.clientConnects("10.232.0.9", port)).isFalse();
      // Something else (a hand edit, a bug) puts the session's address into the block set…
      if (backend.equals("nftables")) {
        NetnsLab.sh("ip", "netns", "exec", lab.server, "nft", "add", "element", "inet", "spamtrace", "block4", "{ " + lab.clientAddr + " }");
      } else {
        NetnsLab.sh("ip", "netns", "exec", lab.server, "ipset", "add", "spamtrace-block4", lab.clientAddr);
      }
      assertThat(lab.firewallText()).contains(lab.clientAddr);
      // …and the session still gets through.
      assertThat(lab.clientConnects(lab.clientAddr, port)).isTrue();
    }
  }
}
