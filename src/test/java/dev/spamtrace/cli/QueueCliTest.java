package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.demo.DemoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spamtrace queue summary|purge} through picocli, on the demo server's Postfix queue. */
class QueueCliTest {
  @TempDir Path tmp;

  record Run(int code, String out) {}

  static Run run(String... args) {
    StringWriter w = new StringWriter();
    int code = Main.execute(args, new PrintWriter(w, true), new PrintWriter(w, true));
    return new Run(code, w.toString());
  }

  @Test
  void summaryAndDryRunPurgeOnTheDemoQueue() throws Exception {
    Path root = DemoServer.build(tmp.resolve("demo"), Clock.systemUTC()).root();
    Run text = run("queue", "summary", "--root", root.toString(), "--top", "3");
    assertThat(text.code()).isEqualTo(ExitCode.FINDINGS);
    assertThat(text.out()).contains("Postfix queue /var/spool/postfix: 2060 messages", "[uploaded-mailer]",
        "purge (dry run): spamtrace queue purge --script css.php", "shop.example");
    Run ja = run("queue", "summary", "--root", root.toString(), "--lang", "ja");
    assertThat(ja.out()).contains("通", "滞留の原因");

    Run json = run("queue", "summary", "--root", root.toString(), "--format", "json");
    JsonNode q = new ObjectMapper().readTree(json.out()).path("roots").get(0).path("queues").get(0);
    assertThat(q.path("messages").asInt()).isEqualTo(2060);
    assertThat(q.path("top").path("script").get(0).path("key").asText()).isEqualTo("css.php");
    assertThat(q.path("verdicts").get(0).path("selector").asText()).isEqualTo("script=css.php");

    Run dry = run("queue", "purge", "--root", root.toString(), "--sender-domain", "bakery.example", "--show", "2",
        "--state-dir", tmp.resolve("state").toString());
    assertThat(dry.code()).isEqualTo(ExitCode.CLEAN);
    assertThat(dry.out()).contains("60 match sender-domain=bakery.example", "… and 58 more", "dry run");
    assertThat(tmp.resolve("state/journal.jsonl")).doesNotExist();

    // On a root that is not the live system, --apply says what to run on the server and changes nothing.
    Run apply = run("queue", "purge", "--root", root.toString(), "--script", "css.php", "--apply",
        "--state-dir", tmp.resolve("state").toString());
    assertThat(apply.code()).isEqualTo(ExitCode.ACTION_FAILED);
    assertThat(apply.out()).contains("refused", "not the live system", "postsuper -d");
    try (var s = Files.walk(root.resolve("var/spool/postfix/deferred"))) {
      assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(2054);
    }
  }

  @Test
  void summaryOverEveryContainerOfAHardwareNode() throws Exception {
    Path vz = tmp.resolve("vz/root");
    DemoServer.build(vz.resolve("101"), Clock.systemUTC());
    Path q = vz.resolve("102/var/qmail/queue");
    dev.spamtrace.demo.MailQueueLayouts.qmailSkeleton(q, 23);
    for (int i = 0; i < 3; i++) {
      java.time.Instant t = java.time.Instant.now().minusSeconds(60);
      dev.spamtrace.demo.MailQueueLayouts.writeQmail(q, 23, new dev.spamtrace.demo.MailQueueLayouts.Message("a@b.example",
          java.util.List.of("c" + i + "@d.example"), java.util.List.of("Subject: hi"), "x\n", t, 1000, null, null, null, null), true,
          java.util.List.of());
    }
    Run r = run("queue", "summary", "--root", vz + "/*", "--format", "json");
    assertThat(r.code()).isEqualTo(ExitCode.FINDINGS);
    JsonNode roots = new ObjectMapper().readTree(r.out()).path("roots");
    assertThat(roots.get(0).path("root").asText()).endsWith("/vz/root/101");
    assertThat(roots.get(0).path("queues").get(0).path("mta").asText()).isEqualTo("postfix");
    assertThat(roots.get(1).path("queues").get(0).path("mta").asText()).isEqualTo("qmail");
    assertThat(roots.get(1).path("queues").get(0).path("messages").asInt()).isEqualTo(3);
    Run text = run("queue", "summary", "--root", vz + "/*");
    assertThat(text.out()).contains("== " + vz.resolve("101"), "== " + vz.resolve("102"), "qmail queue /var/qmail/queue: 3 messages");
  }

  @Test
  void purgeNeedsExactlyOneSelection() {
    assertThat(run("queue", "purge", "--root", tmp.toString()).code()).isEqualTo(ExitCode.USAGE);
    assertThat(run("queue", "purge", "--root", tmp.toString(), "--script", "a.php", "--sender", "x@y").code()).isEqualTo(ExitCode.USAGE);
    Run none = run("queue", "summary", "--root", tmp.toString());
    assertThat(none.code()).isEqualTo(ExitCode.CLEAN);
    assertThat(none.out()).contains("No Postfix, Exim or qmail queue");
  }
}
