package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Real nftables, and iptables with ipset, in namespaces: block, the client is cut off; undo, it connects again. */
class BlockTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void blockCutsTheClientOffAndUndoLetsItBackIn(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2100;
      lab.listenOnServer(port);
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("before the block").isTrue();

      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      BlockAddress block = new BlockAddress(Cidr.parse(lab.clientAddr), List.of(), null, "test attacker", List.of(), Map.of());

      List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(block)), ctx);
      assertThat(taken).singleElement().satisfies(t -> assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done));
      assertThat(lab.firewallText()).contains(backend.equals("nftables") ? "table inet spamtrace" : "-A INPUT -j SPAMTRACE-IN").contains(lab.clientAddr);
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("after the block").isFalse();

      // Applying the same plan again changes nothing.
      String before = lab.firewallText().replaceAll("counter packets \\d+ bytes \\d+", "counter");
      List<Responder.Taken> again = new Responder(journal).apply(new Plan(List.of(block)), ctx);
      assertThat(again.get(0).message().en()).contains("already in force");
      assertThat(lab.firewallText().replaceAll("counter packets \\d+ bytes \\d+", "counter")).isEqualTo(before);

      Undo undo = new Undo(journal);
      List<Undo.Reversed> reversed = undo.apply(undo.candidates(h -> true), ctx);
      assertThat(reversed).hasSize(2).allSatisfy(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.leftovers()).isEmpty();
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("after undo").isTrue();
      assertThat(lab.leftovers()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void portBlocksAndIpv6(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      lab.listen(lab.server, "::", 2110);
      lab.listen(lab.server, "::", 2111);
      assertThat(lab.clientConnects6(2110)).as("IPv6 before").isTrue();
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      String net6 = lab.clientAddr6.substring(0, lab.clientAddr6.indexOf("::")) + "::/64";
      List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(
          new BlockAddress(Cidr.parse(net6), List.of(PortRange.single(2110)), Duration.ofHours(1), "", List.of(), Map.of()),
          new BlockAddress(Cidr.parse(lab.clientAddr), List.of(PortRange.parse("2110-2112")), null, "", List.of(), Map.of()))), ctx);
      // The server's own IPv6 address is in that /64: refused, never blocked.
      assertThat(taken.get(0).phase()).isEqualTo(Phase.refused);
      assertThat(taken.get(0).message().en()).contains("own address");
      assertThat(taken.get(1).phase()).as(taken.get(1).message().en()).isEqualTo(Phase.done);
      List<Responder.Taken> v6 = new Responder(journal).apply(new Plan(List.of(
          new BlockAddress(Cidr.parse(lab.clientAddr6), List.of(PortRange.single(2110)), Duration.ofHours(1), "", List.of(), Map.of()))), ctx);
      assertThat(v6.get(0).phase()).as(v6.get(0).message().en()).isEqualTo(Phase.done);
      assertThat(lab.clientConnects6(2110)).as("IPv6, blocked port").isFalse();
      assertThat(lab.clientConnects6(2111)).as("IPv6, other port").isTrue();
      assertThat(lab.clientConnects(lab.clientAddr, 2111)).as("IPv4, blocked range").isFalse();
      lab.listenOnServer(2120);
      assertThat(lab.clientConnects(lab.clientAddr, 2120)).as("IPv4, outside the range").isTrue();
      Undo undo = new Undo(journal);
      assertThat(undo.apply(undo.candidates(h -> true), ctx)).hasSize(2).allSatisfy(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.clientConnects6(2110)).isTrue();
      assertThat(lab.clientConnects(lab.clientAddr, 2111)).isTrue();
      assertThat(lab.leftovers()).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void autoDetectsTheBackEndThisServerHas() throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      ActionContext ctx = lab.context(root, lab.config(Map.of("backend", "auto"), List.of("root")), Clock.systemDefaultZone());
      // nft answers here, so nftables; iptables with ipset only where it does not.
      assertThat(Firewall.of(ctx, Map.of()).backend().name()).isEqualTo("nftables");
      assertThat(IptablesBackend.available(new FirewallTools(ctx.commands(), lab.server))).isTrue();
    }
  }
}
