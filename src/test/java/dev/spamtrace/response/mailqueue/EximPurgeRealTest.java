package dev.spamtrace.response.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.testing.RealComponent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Exim 4.96 binary, run from the unpacked Debian packages by .ci/components/exim.sh (its
 * own config and spool; the package is never installed because it conflicts with Postfix): PHP's
 * mail() submits through it, spamtrace reads its spool, purges with {@code exim -Mrm} after
 * archiving, and undo re-injects through {@code exim -i -f SENDER -- RCPT}.
 */
class EximPurgeRealTest {
  static final Path DIR = Path.of(System.getenv().getOrDefault("SPAMTRACE_EXIM_DIR", "/tmp/spamtrace-exim"));
  static final Path EXIM = DIR.resolve("run-exim.sh");
  static final int SPAM = 24;
  @TempDir Path tmp;
  Path config;
  String script;

  @BeforeEach
  void setUp() throws Exception {
    RealComponent.require(RealComponent.isRoot() && Files.isExecutable(EXIM) && RealComponent.executable("php"),
        "the real Exim prepared by .ci/components/exim.sh, PHP CLI, as root");
    // The test owns this spool: start empty.
    for (String d : List.of("input", "msglog")) {
      Path p = DIR.resolve("spool").resolve(d);
      if (Files.isDirectory(p)) {
        try (Stream<Path> w = Files.walk(p)) {
          for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
            if (!x.equals(p)) {
              Files.delete(x);
            }
          }
        }
      }
    }
    config = tmp.resolve("spamtrace.yml");
    Files.writeString(config, """
        mailqueue:
          postfix-queue-directories: []
          qmail-queue-directories: []
          exim-spool-directories: [%s]
          exim-command: [%s]
        """.formatted(DIR.resolve("spool"), EXIM));
    script = "css" + Long.toHexString(System.nanoTime() & 0xfffffL) + ".php";
  }

  List<QueuedMessage> queue() {
    MailQueueSettings s = Config.load(List.of(config)).section("mailqueue", MailQueueSettings.class);
    return MailQueues.read(HostRoot.of(Path.of("/")), s, Instant.now()).messages();
  }

  List<QueuedMessage> await(Predicate<QueuedMessage> p, int n) throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    List<QueuedMessage> got = List.of();
    while (Instant.now().isBefore(end)) {
      got = queue().stream().filter(p).toList();
      if (got.size() == n && got.stream().allMatch(m -> m.delayReason() != null)) {
        return got;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("expected " + n + " deferred messages, spool has " + got.size() + ": " + got);
  }

  boolean fromScript(QueuedMessage m) {
    return m.script() != null && m.script().script().equals(script);
  }

  static void run(List<String> argv, Map<String, String> env, Path cwd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(cwd.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", argv, out).isZero();
  }

  static int spamtrace(StringWriter out, String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
  }

  @Test
  void phpMailThroughTheRealEximIsReadPurgedWithMrmAndReinjected() throws Exception {
    Path css = Files.createDirectories(tmp.resolve("vhosts/shop.example/httpdocs/css"));
    Files.writeString(css.resolve(script), """
        <?php
        for ($i = 1; $i <= %d; $i++) {
          mail(sprintf("victim%%04d@example%%d.com", $i, $i %% 6), "Invoice $i", "Hi\\n", "From: info@shop.example", "-finfo@shop.example");
        }
        """.formatted(SPAM));
    new ProcessBuilder("chown", "-R", "4242:4242", tmp.resolve("vhosts").toString()).start().waitFor();
    run(List.of("php", "-d", "mail.add_x_header=On", "-d", "sendmail_path=" + EXIM + " -t -i", script), Map.of("RUN_AS", "www-data"), css);
    // Another customer's mail, submitted the sendmail way: it must stay.
    Process o = new ProcessBuilder(EXIM.toString(), "-f", "orders@bakery.example", "-i", "customer@example.org").redirectErrorStream(true).start();
    try (var os = o.getOutputStream()) {
      os.write("From: orders@bakery.example\nSubject: Your order\n\nThanks\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(o.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<QueuedMessage> spam = await(this::fromScript, SPAM);
    assertThat(spam).allSatisfy(m -> {
      assertThat(m.localUser()).isEqualTo("www-data");
      assertThat(m.localUid()).isEqualTo(33);
      assertThat(m.script().ownerUid()).isEqualTo(4242);
      assertThat(m.sender()).isEqualTo("info@shop.example");
    });
    QueuedMessage other = await(m -> !fromScript(m), 1).get(0);

    StringWriter summary = new StringWriter();
    assertThat(spamtrace(summary, "queue", "summary", "--config", config.toString(), "--format", "json")).isEqualTo(1);
    JsonNode doc = new ObjectMapper().readTree(summary.toString());
    assertThat(doc.path("roots").get(0).path("queues").get(0).path("verdicts").get(0).path("value").asText()).isEqualTo(script);

    Path state = tmp.resolve("state");
    StringWriter purge = new StringWriter();
    int rc = spamtrace(purge, "queue", "purge", "--script", script, "--apply", "--config", config.toString(), "--state-dir", state.toString());
    assertThat(rc).as(purge.toString()).isZero();
    Set<String> left = new HashSet<>();
    queue().forEach(m -> left.add(m.id()));
    assertThat(left).containsExactly(other.id());
    for (QueuedMessage m : spam) {
      assertThat(DIR.resolve("spool/input/" + m.id() + "-H")).doesNotExist();
    }
    try (Stream<Path> days = Files.list(state.resolve("cases"))) {
      Path mail = days.findFirst().orElseThrow().resolve("mail");
      assertThat(mail.resolve("exim-" + spam.get(0).id() + ".eml")).content()
          .contains("Received: from www-data by mail.example.test with local (Exim 4.96)", "X-PHP-Originating-Script: 4242:" + script,
              "\n\nHi\n");
    }

    StringWriter undo = new StringWriter();
    rc = spamtrace(undo, "undo", "--last", "--apply", "--config", config.toString(), "--state-dir", state.toString());
    assertThat(rc).as(undo.toString()).isZero();
    List<QueuedMessage> back = await(this::fromScript, SPAM);
    Set<String> before = new HashSet<>();
    spam.forEach(m -> before.add(m.sender() + " " + m.recipients().get(0).address()));
    Set<String> after = new HashSet<>();
    back.forEach(m -> after.add(m.sender() + " " + m.recipients().get(0).address()));
    assertThat(after).isEqualTo(before);
  }
}
