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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nftables in namespaces: block, the client is cut off; undo, it connects again. */
class BlockNftTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  @Test
  void blockCutsTheClientOffAndUndoLetsItBackIn() throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2100;
      lab.listenOnServer(port);
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("before the block").isTrue();

      HostRoot root = NetnsLab.fixtureRoot(tmp, Map.of());
      Config config = lab.config(Map.of("backend", "nftables", "confirm-within", "0"), List.of("root"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));
      BlockAddress block = new BlockAddress(Cidr.parse(lab.clientAddr), List.of(), null, "test attacker", List.of(), Map.of());

      List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(block)), ctx);
      assertThat(taken).singleElement().satisfies(t -> assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done));
      assertThat(lab.serverRuleset()).contains("table inet spamtrace").contains(lab.clientAddr);
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("after the block").isFalse();

      // Applying the same plan again changes nothing.
      String before = lab.serverRuleset();
      List<Responder.Taken> again = new Responder(journal).apply(new Plan(List.of(block)), ctx);
      assertThat(again.get(0).message().en()).contains("already in force");
      assertThat(lab.serverRuleset()).isEqualTo(before);

      Undo undo = new Undo(journal);
      List<Undo.Reversed> reversed = undo.apply(undo.candidates(h -> true), ctx);
      assertThat(reversed).hasSize(2).allSatisfy(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.serverRuleset()).doesNotContain("spamtrace");
      assertThat(lab.clientConnects(lab.clientAddr, port)).as("after undo").isTrue();
      assertThat(lab.serverRuleset()).doesNotContain("spamtrace");
    }
  }
}
