package dev.spamtrace.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
  static final String PICKUP = "Nov 27 23:24:42 mail postfix/pickup[20464]: 858FB1BA0AE: uid=33 from=<www-data>";
  static final String UPLOAD = "Fri Nov 27 23:24:39 2026 [pid 20516] [shopuser] OK UPLOAD: Client \"127.0.0.2\", \"/httpdocs/css/css.php\", 1316 bytes, 4589.84Kbyte/sec";

  record Seen(List<LogEvent> events, List<String> malformed, LogStats stats) {}

  static Seen read(byte[] content, TimeContext ctx) throws IOException {
    LogStats stats = new LogStats();
    List<LogEvent> events = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    new LogReader(LogRules.shipped().parser(), 1024, stats).read(new ByteArrayInputStream(content), new LogReader.Sink() {
      @Override
      public void recognised(ParsedLine line, long lineNo) {
        events.add(line.toEvent("test.log", lineNo, ctx));
      }

      @Override
      public void malformed(long lineNo, String why) {
        malformed.add(lineNo + ": " + why);
      }
    });
    return new Seen(events, malformed, stats);
  }

  @Test
  void hostileLinesAreCountedAsMalformedAndReadingGoesOn() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes((PICKUP + "\n").getBytes(StandardCharsets.UTF_8));
    // an ANSI escape in a user name
    b.writeBytes("Fri Nov 27 23:24:38 2026 [pid 1] [\u001b[31mroot\u001b[0m] FAIL LOGIN: Client \"127.0.0.2\"\n".getBytes(StandardCharsets.UTF_8));
    // invalid UTF-8 (a lone continuation byte and a truncated sequence)
    b.writeBytes("Nov 27 23:24:43 mail postfix/pickup[1]: A: uid=1 from=<".getBytes(StandardCharsets.UTF_8));
    b.write(0x80);
    b.write(0xe3);
    b.writeBytes(">\n".getBytes(StandardCharsets.UTF_8));
    // a NUL
    b.writeBytes("127.0.0.3 - - [27/Nov/2026:23:11:50 +0000] \"POST /a\0.php HTTP/1.1\" 200 1 \"-\" \"x\"\n".getBytes(StandardCharsets.ISO_8859_1));
    // a line far over the limit, without and then with its newline in another buffer
    b.writeBytes(("127.0.0.3 - - [27/Nov/2026:23:11:50 +0000] \"GET /" + "A".repeat(3_000_000) + " HTTP/1.1\" 200 1 \"-\" \"x\"\n").getBytes(StandardCharsets.UTF_8));
    // valid UTF-8 beyond ASCII is fine
    b.writeBytes("127.0.0.3 - - [27/Nov/2026:23:11:51 +0000] \"GET /日本語.html HTTP/1.1\" 200 1 \"-\" \"ブラウザ\"\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes((UPLOAD + "\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes("some line no format knows\n".getBytes(StandardCharsets.UTF_8));

    Seen s = read(b.toByteArray(), LogRulesTest.SAMPLE_TIME);

    assertThat(s.malformed()).containsExactly("2: control characters", "3: not valid UTF-8", "4: control characters",
        "5: line longer than 1024 bytes");
    assertThat(s.events()).extracting(LogEvent::line).containsExactly(1L, 6L, 7L);
    assertThat(s.events().get(1).fields().get("useragent")).isEqualTo("ブラウザ");
    assertThat(s.events().get(2).path()).isEqualTo("/httpdocs/css/css.php");
    assertThat(s.stats().render()).endsWith("total: recognised=3 unrecognised=1 malformed=4\n");
  }

  @Test
  void syslogYearIsInferredAcrossTheNewYear() throws IOException {
    String text = "Dec 31 23:59:58 mail postfix/pickup[1]: AAA: uid=33 from=<a>\n"
        + "Jan  1 00:00:03 mail postfix/pickup[1]: BBB: uid=33 from=<b>\n";
    // the file was last written on 2 January 2027, Tokyo time
    TimeContext ctx = new TimeContext(ZoneId.of("Asia/Tokyo"), Instant.parse("2027-01-02T03:00:00Z"));
    Seen s = read(text.getBytes(StandardCharsets.UTF_8), ctx);
    assertThat(s.events()).extracting(LogEvent::time)
        .containsExactly(Instant.parse("2026-12-31T14:59:58Z"), Instant.parse("2026-12-31T15:00:03Z"));
  }

  @Test
  void timeZonesOfEachStyleAreKept() {
    TimeContext tokyo = new TimeContext(ZoneId.of("Asia/Tokyo"), Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(TimeStyle.CLF.parse("27/Nov/2026:23:11:50 +0900", tokyo)).isEqualTo(Instant.parse("2026-11-27T14:11:50Z"));
    assertThat(TimeStyle.CTIME.parse("Fri Nov 27 23:24:39 2026", tokyo)).isEqualTo(Instant.parse("2026-11-27T14:24:39Z"));
    assertThat(TimeStyle.ISO.parse("2026-11-27 23:13:59", tokyo)).isEqualTo(Instant.parse("2026-11-27T14:13:59Z"));
    assertThat(TimeStyle.ISO.parse("2026-11-27 23:13:59 +0000", tokyo)).isEqualTo(Instant.parse("2026-11-27T23:13:59Z"));
    assertThat(TimeStyle.RFC3339.parse("2026-11-27T23:15:20.435628+00:00", tokyo)).isEqualTo(Instant.parse("2026-11-27T23:15:20.435628Z"));
    assertThat(TimeStyle.PHP.parse("27-Nov-2026 23:24:42 Asia/Tokyo", LogRulesTest.SAMPLE_TIME)).isEqualTo(Instant.parse("2026-11-27T14:24:42Z"));
    assertThat(TimeStyle.SYSLOG.parse("Feb 29 10:00:00", tokyo)).isEqualTo(Instant.parse("2024-02-29T01:00:00Z"));
    assertThat(TimeStyle.SYSLOG.parse("Nov 31 10:00:00", tokyo)).isNull();
    assertThat(TimeStyle.CLF.parse("27/Nov/2026:25:11:50 +0000", tokyo)).isNull();
  }

  @Test
  void gzipIsReadByItsBytesAndRotatedFilesOldestFirst(@TempDir Path root) throws IOException {
    Path log = root.resolve("var/log");
    Files.createDirectories(log);
    Files.writeString(log.resolve("maillog"), PICKUP + "\n");
    Files.writeString(log.resolve("maillog.1"), PICKUP + "\n");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(log.resolve("maillog.2.gz")))) {
      gz.write((PICKUP + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(log.resolve("maillog-20261101"), PICKUP + "\n");
    Files.writeString(log.resolve("maillog.bak"), "not a rotation\n");
    Files.createSymbolicLink(log.resolve("maillog.3"), Path.of("/etc/passwd"));
    LogFiles.Found found = LogFiles.discover(dev.spamtrace.hostroot.HostRoot.of(root), LogRules.shipped(), java.util.Map.of(), List.of());
    assertThat(found.files()).extracting(LogFile::serverPath)
        .containsExactly("/var/log/maillog-20261101", "/var/log/maillog.2.gz", "/var/log/maillog.1", "/var/log/maillog");
    assertThat(found.files().get(0).formats()).contains("postfix", "qmail", "dovecot");
    try (var in = LogFiles.open(log.resolve("maillog.2.gz"), 1 << 20)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(PICKUP + "\n");
    }
  }
}
