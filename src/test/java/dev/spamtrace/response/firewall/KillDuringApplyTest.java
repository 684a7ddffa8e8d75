package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spamtrace block … --apply} killed with SIGKILL as soon as its intent is in the journal
 * (before, during or just after the rule change; the race is the point), then {@code undo}: no
 * rule of ours may stay behind, and the client connects again.
 */
class KillDuringApplyTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void undoAfterKillLeavesNothingOfOurs(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      int port = 2400;
      lab.listenOnServer(port);
      Path state = tmp.resolve("state");
      Path conf = tmp.resolve("spamtrace.yml");
      Files.writeString(conf, "firewall:\n  backend: " + backend + "\n  netns: " + lab.server + "\n  confirm-within: \"0\"\n");
      String javaBin = ProcessHandle.current().info().command().orElse("java");
      List<String> argv = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), "dev.spamtrace.cli.Main", "block",
          lab.clientAddr, "--config", conf.toString(), "--state-dir", state.toString(), "--apply"));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve("block.log").toFile()).start();
      Path journalFile = state.resolve("journal.jsonl");
      long end = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < end && p.isAlive()
          && !(Files.exists(journalFile) && Files.readString(journalFile).contains("\"phase\":\"intent\""))) {
        Thread.sleep(1);
      }
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
      assertThat(Files.readString(journalFile)).contains("\"phase\":\"intent\"");

      HostRoot root = HostRoot.of(Path.of("/"));
      Config config = Config.load(List.of(conf));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(journalFile);
      Undo undo = new Undo(journal);
      List<Undo.Candidate> cands = undo.candidates(h -> true);
      assertThat(cands).singleElement().satisfies(c -> assertThat(c.reversible()).isTrue());
      assertThat(undo.apply(cands, ctx)).singleElement().satisfies(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.leftovers()).isEmpty();
      assertThat(lab.clientConnects(lab.clientAddr, port)).isTrue();
    }
  }
}
