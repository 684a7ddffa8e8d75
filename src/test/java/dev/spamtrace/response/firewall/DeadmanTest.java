package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The dead-man switch rolls back by itself; confirm keeps the change; a cut-off apply undoes cleanly. */
class DeadmanTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  private static boolean waitUntil(java.util.concurrent.Callable<Boolean> cond, long millis) throws Exception {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (cond.call()) {
        return true;
      }
      Thread.sleep(500);
    }
    return cond.call();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void anUnconfirmedBlockRollsBackWithNoProcessLeft(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2300;
      lab.listenOnServer(port);
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "4s"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      BlockAddress block = new BlockAddress(Cidr.parse(lab.clientAddr), List.of(), null, "", List.of(), Map.of());
      Responder.Taken t = new Responder(journal).apply(new Plan(List.of(block)), ctx).get(0);
      assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done);
      assertThat(t.message().en()).contains("rolls back at");
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("blocked while pending").isFalse();
      assertThat(PendingChanges.read(journal)).hasSize(1);
      // Nothing of spamtrace runs from here on: the kernel's element timeout does the rollback.
      assertThat(waitUntil(() -> lab.clientConnects(lab.clientAddr, port), 15_000)).as("rolled back without confirmation").isTrue();
      // Too late to confirm now: said so, and nothing changes.
      Responder.Taken late = new Responder(journal).apply(new Plan(List.of(new ConfirmChanges(PendingChanges.read(journal), Map.of()))), ctx).get(0);
      assertThat(late.phase()).isEqualTo(Phase.failed);
      assertThat(late.message().en()).contains("already rolled back");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void aConfirmedBlockStays(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2301;
      lab.listenOnServer(port);
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "5s"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      BlockAddress block = new BlockAddress(Cidr.parse(lab.clientAddr), List.of(), null, "", List.of(), Map.of());
      new Responder(journal).apply(new Plan(List.of(block)), ctx);
      Responder.Taken c = new Responder(journal).apply(new Plan(List.of(new ConfirmChanges(PendingChanges.read(journal), Map.of()))), ctx).get(0);
      assertThat(c.phase()).as(c.message().en()).isEqualTo(Phase.done);
      assertThat(PendingChanges.read(journal)).isEmpty();
      Thread.sleep(7_000);
      assertThat(lab.firewallText()).contains(lab.clientAddr);
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("still blocked after the dead-man delay").isFalse();
      Undo undo = new Undo(journal);
      List<Undo.Reversed> r = undo.apply(undo.candidates(h -> true), ctx);
      assertThat(r).allSatisfy(x -> assertThat(x.ok()).as(x.message().en()).isTrue());
      assertThat(lab.clientConnects(lab.clientAddr, port)).isTrue();
      assertThat(lab.leftovers()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void anApplyCutOffAfterItsIntentIsUndoneWithoutLeftovers(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2302;
      lab.listenOnServer(port);
      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      BlockAddress block = new BlockAddress(Cidr.parse(lab.clientAddr), List.of(), null, "", List.of(), Map.of());
      // What the Responder does, up to the moment the process dies (kill -9): intent journaled, rules applied, no result line.
      Map<String, Object> prepared = block.prepare(ctx);
      journal.append(new JournalEntry(ctx.clock().instant(), ctx.caseFolder().id(), UUID.randomUUID().toString(), Phase.intent, block.type(),
          block.target(), block.description(), root.directory().toString(), true, List.of(), prepared, null, null, null));
      block.apply(ctx, prepared);
      assertThat(lab.clientConnects(lab.clientAddr, port)).isFalse();

      Undo undo = new Undo(journal);
      List<Undo.Candidate> cands = undo.candidates(h -> true);
      assertThat(cands).singleElement().satisfies(c -> assertThat(c.reversible()).isTrue());
      List<Undo.Reversed> r = undo.apply(cands, ctx);
      assertThat(r).singleElement().satisfies(x -> assertThat(x.ok()).as(x.message().en()).isTrue());
      assertThat(lab.leftovers()).isEmpty();
      assertThat(lab.clientConnects(lab.clientAddr, port)).isTrue();
    }
  }
}
