package dev.spamtrace.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsParseCommandTest {
  record Run(int rc, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(rc, out.toString(), err.toString());
  }

  @Test
  void jsonLinesAndStats(@TempDir Path tmp) throws Exception {
    Path log = tmp.resolve("mixed.log");
    Files.writeString(log, String.join("\n", LogReaderTest.PICKUP, LogReaderTest.UPLOAD,
        "Nov 27 23:11:46 mail postfix/master[4260]: daemon started -- version 3.7.11, configuration /etc/postfix",
        "Nov 27 23:11:47 mail \u001b[2Jpostfix/pickup[1]: X: uid=0 from=<>", "no format at all", ""));
    Run r = run("logs", "parse", "--json", "--stats", "--zone", "UTC", log.toString());
    assertThat(r.rc()).isZero();
    String[] lines = r.out().split("\n");
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("event").asText()).isEqualTo("mail-pickup");
    assertThat(first.get("line").asLong()).isEqualTo(1);
    assertThat(first.get("fields").get("uid").asText()).isEqualTo("33");
    assertThat(first.get("text").asText()).isEqualTo(LogReaderTest.PICKUP);
    assertThat(new ObjectMapper().readTree(lines[1]).get("time").asText()).isEqualTo("2026-11-27T23:24:39Z");
    assertThat(r.out()).contains("postfix: recognised=1 unrecognised=1\n").contains("vsftpd: recognised=1 unrecognised=0\n")
        .contains("(unknown): recognised=0 unrecognised=1\n")
        .endsWith("total: recognised=2 unrecognised=2 malformed=1\n");

    Run text = run("logs", "parse", "--unrecognised", "--format", "postfix", log.toString());
    assertThat(text.out()).contains(":4 malformed: control characters").doesNotContain("\u001b");
  }

  @Test
  void anUnknownFormatIsAUsageErrorAndAMissingFileIsPartial(@TempDir Path tmp) {
    assertThat(run("logs", "parse", "--format", "nope", tmp.resolve("x").toString()).rc()).isEqualTo(2);
    Run r = run("logs", "parse", "--stats", tmp.resolve("missing.log").toString());
    assertThat(r.rc()).isEqualTo(3);
    assertThat(r.out()).isEqualTo("total: recognised=0 unrecognised=0 malformed=0\n");
  }
}
