package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a small input and reports its input and figures (no timing asserted). */
class ProcBenchCommandTest {
  @TempDir Path tmp;

  @Test
  void smallRunPrintsInputFiguresAndLoadAndCleansUp() throws Exception {
    StringWriter out = new StringWriter();
    int rc = Main.execute(new String[] {"bench", "proc", "--processes", "40", "--sockets", "400", "--runs", "1", "--dir", tmp.toString()},
        new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(rc).isZero();
    assertThat(out.toString()).contains("input: synthetic /proc", "40 processes, 400 sockets", "(40 processes read, 400 sockets joined",
        "load average:");
    try (var s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
  }
}
