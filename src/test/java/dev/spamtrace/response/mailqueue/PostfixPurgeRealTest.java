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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: Postfix 3.7 (Debian package, started by .ci/components/postfix.sh, relaying to a
 * loopback port where nothing listens so mail stays deferred) and PHP's mail() with
 * mail.add_x_header run as the web user (www-data) from a script under a vhost docroot. spamtrace
 * must tie the queued messages to that script, purge exactly them (archiving each), and undo must
 * put them back in the real queue.
 */
class PostfixPurgeRealTest {
  @TempDir Path tmp;
  static final int SPAM = 30;
  String tag;
  Path vhost;
  String script;
  String contact;

  static boolean postfixRunning() {
    try {
      String pid = Files.readString(Path.of("/var/spool/postfix/pid/master.pid")).strip();
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (Exception e) {
      return false;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    RealComponent.require(RealComponent.isRoot() && RealComponent.executable("postsuper") && RealComponent.executable("php")
        && postfixRunning(), "a running Postfix (postfix start) and PHP CLI, as root");
    tag = Long.toHexString(System.nanoTime() & 0xffffffL);
    vhost = Path.of("/var/www/vhosts/mq" + tag + ".example");
    script = "css" + tag + ".php";
    contact = "contact" + tag + ".php";
    Path css = vhost.resolve("httpdocs/css");
    Files.createDirectories(css);
    // The uploaded mailer: owned by the customer's (FTP) uid, run by the web server's user.
    Files.writeString(css.resolve(script), """
        <?php
        for ($i = 1; $i <= %d; $i++) {
          $to = sprintf("victim%%04d-%s@example%%d.%%s", $i, $i %% 7, ['com','net','org'][$i %% 3]);
          $from = ['info','sales','support'][$i %% 3] . "@shop.example";
          mail($to, "Your invoice #$i", "Hello $i\\n", "From: Shop <$from>", $i %% 2 ? "-f$from" : "");
        }
        """.formatted(SPAM, tag));
    Files.writeString(css.resolve(contact), """
        <?php
        for ($i = 1; $i <= 3; $i++) { mail("info-%s@shop.example", "Contact form $i", "Hi\\n", "From: visitor@example.org"); }
        """.formatted(tag));
    run(List.of("chown", "-R", "4242:4242", vhost.toString()), null);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (vhost == null) {
      return;
    }
    // Leave the shared queue as we found it: remove whatever this test queued.
    List<String> ours = new ArrayList<>();
    for (QueuedMessage m : queue()) {
      if (m.recipients().stream().anyMatch(r -> r.address().contains(tag))) {
        ours.add(m.id());
      }
    }
    if (!ours.isEmpty()) {
      run(List.of("postsuper", "-d", "-"), (String.join("\n", ours) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    try (Stream<Path> w = Files.walk(vhost)) {
      for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static List<QueuedMessage> queue() {
    MailQueueSettings s = Config.defaults().section("mailqueue", MailQueueSettings.class);
    return MailQueues.read(HostRoot.of(Path.of("/")), s, Instant.now()).messages();
  }

  List<QueuedMessage> ours(Predicate<QueuedMessage> p) {
    return queue().stream().filter(m -> m.recipients().stream().anyMatch(r -> r.address().contains(tag))).filter(p).toList();
  }

  boolean fromScript(QueuedMessage m) {
    return m.script() != null && m.script().script().equals(script);
  }

  /** Waits until the queue holds {@code n} of our messages matching {@code p}, all deferred. */
  List<QueuedMessage> awaitDeferred(Predicate<QueuedMessage> p, int n) throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(90));
    List<QueuedMessage> got = List.of();
    while (Instant.now().isBefore(end)) {
      got = ours(p);
      if (got.size() == n && got.stream().allMatch(m -> m.queue().equals("deferred"))) {
        return got;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("expected " + n + " deferred messages, queue has " + got.size() + ": " + got);
  }

  static String run(List<String> argv, byte[] stdin) throws Exception {
    return run(argv, stdin, null);
  }

  static String run(List<String> argv, byte[] stdin, Path cwd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    Process p = pb.start();
    try (var os = p.getOutputStream()) {
      if (stdin != null) {
        os.write(stdin);
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", argv, out).isZero();
    return out;
  }

  static int spamtrace(StringWriter out, String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(out, true));
  }

  @Test
  void investigateTiesTheQueueToTheScriptPurgeRemovesExactlyThoseAndUndoBringsThemBack() throws Exception {
    Path css = vhost.resolve("httpdocs/css");
    run(List.of("runuser", "-u", "www-data", "--", "php", "-d", "mail.add_x_header=On", script), null, css);
    run(List.of("runuser", "-u", "www-data", "--", "php", "-d", "mail.add_x_header=On", contact), null, css);
    List<QueuedMessage> spam = awaitDeferred(this::fromScript, SPAM);
    List<QueuedMessage> others = awaitDeferred(m -> !fromScript(m), 3);
    // What each field says: the script file's owner (4242) and the sending process's user (www-data).
    assertThat(spam).allSatisfy(m -> {
      assertThat(m.script().ownerUid()).isEqualTo(4242);
      assertThat(m.localUid()).isEqualTo(33);
      assertThat(m.localUser()).isEqualTo("www-data");
      assertThat(m.delayReason()).contains("127.0.0.9");
    });

    Path state = tmp.resolve("state");
    StringWriter inv = new StringWriter();
    int rc = spamtrace(inv, "investigate", "--format", "json", "--state-dir", state.toString());
    assertThat(rc).as(inv.toString()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(inv.toString());
    JsonNode surge = null;
    for (JsonNode f : report.path("findings")) {
      if (f.path("kind").asText().equals("mail-queue-surge") && f.path("subject").asText().equals("postfix:/var/spool/postfix")) {
        surge = f;
      }
    }
    assertThat(surge).as(inv.toString()).isNotNull();
    Set<String> mailers = new HashSet<>();
    surge.path("evidence").path("verdicts").forEach(v -> {
      if (v.path("verdict").asText().equals("uploaded-mailer")) {
        mailers.add(v.path("value").asText());
      }
    });
    assertThat(mailers).contains(script);
    assertThat(surge.path("evidence").path("suspected-scripts").toString()).contains(script);
    assertThat(inv.toString()).contains("purge-queued-mail", "script=" + script);

    StringWriter purge = new StringWriter();
    rc = spamtrace(purge, "queue", "purge", "--script", script, "--apply", "--state-dir", state.toString(),
        "--case-root", tmp.resolve("cases").toString());
    assertThat(rc).as(purge.toString()).isZero();
    assertThat(ours(this::fromScript)).as("the mailer's messages are gone").isEmpty();
    Set<String> otherIds = new HashSet<>();
    others.forEach(m -> otherIds.add(m.id()));
    Set<String> left = new HashSet<>();
    ours(m -> true).forEach(m -> left.add(m.id()));
    assertThat(left).as("other messages stay").isEqualTo(otherIds);
    Path mail;
    try (Stream<Path> days = Files.list(tmp.resolve("cases"))) {
      mail = days.findFirst().orElseThrow().resolve("mail");
    }
    for (QueuedMessage m : spam) {
      assertThat(mail.resolve("postfix-" + m.id() + ".eml")).content().contains("X-PHP-Originating-Script: 4242:" + script,
          "Subject: Your invoice #");
      assertThat(mail.resolve("postfix-" + m.id() + ".eml.json")).content().contains("\"state\" : \"removed\"",
          m.recipients().get(0).address());
    }

    StringWriter undo = new StringWriter();
    rc = spamtrace(undo, "undo", "--last", "--apply", "--state-dir", state.toString(), "--case-root", tmp.resolve("cases").toString());
    assertThat(rc).as(undo.toString()).isZero();
    List<QueuedMessage> back = awaitDeferred(this::fromScript, SPAM);
    Set<String> before = new HashSet<>();
    spam.forEach(m -> before.add(m.sender() + " " + m.recipients().get(0).address()));
    Set<String> after = new HashSet<>();
    back.forEach(m -> after.add(m.sender() + " " + m.recipients().get(0).address()));
    assertThat(after).as("same envelope senders and recipients").isEqualTo(before);
  }
}
