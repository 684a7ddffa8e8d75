package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.cli.Main;
import dev.spamtrace.testing.RealComponent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The benchmark still runs end to end on a tiny input (its figures are not judged here: speed is for the bench itself). */
class BlocklistBenchTest {
  @Test
  void benchRunsOnATinyInputAndStopsItsDnsmasq() throws Exception {
    RealComponent.require(RealComponent.executable(LoopbackDns.DNSMASQ), "dnsmasq (Debian package dnsmasq-base)");
    java.util.Set<String> before = benchFolders();
    StringWriter out = new StringWriter();
    int code = Main.execute(new String[] {"bench", "blocklist", "--addresses", "16", "--zones", "3", "--runs", "1", "--dig-sample", "0"},
        new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("16 addresses (198.18.0.0/15) x 3 lists = 48 lookups").contains("3 listed, 0 could not tell")
        .contains("load average before:").contains("load average after:");
    // its dnsmasq's configuration and log are not left behind
    assertThat(benchFolders()).isSubsetOf(before);
  }

  private static java.util.Set<String> benchFolders() throws java.io.IOException {
    try (var s = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spamtrace-bench-blocklist"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
