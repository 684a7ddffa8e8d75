package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.history.Trend;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's blocklist scene: recorded history only (no DNS), the count rising after a premature request, delisting blocked. */
class BlocklistSceneTest {
  @TempDir Path dir;

  @Test
  void theDemoServerCarriesAHistoryThatRisesAfterAPrematureRequest() throws Exception {
    DemoServer server = DemoServer.build(dir.resolve("server"), Clock.systemUTC());
    Path state = server.path("/var/lib/spamtrace");
    try (HistoryStore h = HistoryStore.open(state)) {
      assertThat(h.series(DemoStory.SERVER_ADDRESS)).extracting(HistoryStore.RunPoint::count).containsExactly(2, 4, 6);
      assertThat(Trend.of(h.series(DemoStory.SERVER_ADDRESS), null).state()).isEqualTo(Trend.State.RISING);
      assertThat(h.requests(DemoStory.SERVER_ADDRESS, null)).hasSize(1);
    }
    StringWriter out = new StringWriter();
    int code = dev.spamtrace.cli.Main.execute(new String[] {"blocklist", "delist", "--root", server.root().toString(), "--state-dir", state.toString()},
        new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("not yet").contains("the journal shows nothing done yet")
        .contains("was made while the cause is not shown gone").contains("never pay").doesNotContain("---- request");
  }
}
