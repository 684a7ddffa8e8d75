package dev.spamtrace.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.MailQueueLayouts;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.exim.EximSpool;
import dev.spamtrace.mailqueue.postfix.PostfixQueue;
import dev.spamtrace.mailqueue.qmail.QmailQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers over whole queue folders in the real layouts, with broken input mixed in. */
class MailQueueReadersTest {
  @TempDir Path tmp;
  static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/mailqueue");

  MailQueueSettings settings() {
    return Config.defaults().section("mailqueue", MailQueueSettings.class);
  }

  static MailQueueLayouts.Message php(int n, String script) {
    Instant t = NOW.minusSeconds(600 + n);
    String to = "victim" + n + "@example" + (n % 5) + ".com";
    return new MailQueueLayouts.Message("info@shop.example", List.of(to),
        MailQueueLayouts.phpMailHeaders("Received: by mail.example.test (Postfix, from userid 48)\n\tid X; Sat, 28 Nov 2026 01:50:00 +0000 (UTC)",
            to, "Invoice " + n, "Shop <info@shop.example>", script, "PHP/8.2.36", "<" + n + "@mail.example.test>", t),
        "Hello\n", t, 48, "apache", null, null, "connect to 127.0.0.9[127.0.0.9]:2526: Connection refused");
  }

  @Test
  void postfixQueueWithRealFilesWrittenFilesAndBrokenOnes() throws Exception {
    Path root = tmp.resolve("root");
    Path q = root.resolve("var/spool/postfix");
    MailQueueLayouts.postfixSkeleton(q);
    Files.createDirectories(q.resolve("deferred/E"));
    Files.createDirectories(q.resolve("defer/E"));
    Files.copy(FIXTURES.resolve("postfix/deferred-php-mail-E74E117099E"), q.resolve("deferred/E/E74E117099E"));
    Files.copy(FIXTURES.resolve("postfix/defer-E74E117099E"), q.resolve("defer/E/E74E117099E"));
    Files.copy(FIXTURES.resolve("postfix/maildrop-BC39020C415"), q.resolve("maildrop/BC39020C415"));
    for (int i = 0; i < 40; i++) {
      MailQueueLayouts.writePostfix(q, "deferred", MailQueueLayouts.postfixId(i), php(i, "10001:css.php"));
    }
    // Broken input: a truncated file, binary garbage, a FIFO, a symlink out of the queue, an odd name.
    byte[] good = Files.readAllBytes(FIXTURES.resolve("postfix/deferred-php-mail-E74E117099E"));
    Files.createDirectories(q.resolve("deferred/A"));
    Files.write(q.resolve("deferred/A/A0000000001"), java.util.Arrays.copyOf(good, 300));
    byte[] junk = new byte[2000];
    new java.util.Random(7).nextBytes(junk);
    Files.write(q.resolve("deferred/A/A0000000002"), junk);
    new ProcessBuilder("mkfifo", q.resolve("active/B0000000003").toString()).start().waitFor();
    Files.createSymbolicLink(q.resolve("hold/C0000000004"), Path.of("/etc/shadow"));
    Files.writeString(q.resolve("incoming/.nfs-oddity"), "x");

    QueueSnapshot s = new PostfixQueue().read(HostRoot.of(root), "/var/spool/postfix", settings(), LocalAccounts.parse(
        "apache:x:48:48::/:/sbin/nologin\nwww-data:x:33:33::/:/bin/false\n"), NOW);

    assertThat(s.messages()).hasSize(44);
    QueuedMessage real = s.messages().stream().filter(m -> m.id().equals("E74E117099E")).findFirst().orElseThrow();
    assertThat(real.queue()).isEqualTo("deferred");
    assertThat(real.localUid()).isEqualTo(33);
    assertThat(real.localUser()).isEqualTo("www-data");
    assertThat(real.script()).isEqualTo(new OriginatingScript(1001, "lab.php"));
    assertThat(real.recipients()).containsExactly(new Recipient("victim0001@example.net", true,
        "connect to 127.0.0.9[127.0.0.9]:2526: Connection refused"));
    assertThat(real.files()).containsExactly("/var/spool/postfix/deferred/E/E74E117099E", "/var/spool/postfix/defer/E/E74E117099E");
    QueuedMessage drop = s.messages().stream().filter(m -> m.queue().equals("maildrop")).findFirst().orElseThrow();
    assertThat(drop.localUid()).as("maildrop: the file owner is the submitter").isEqualTo((Integer) Files.getAttribute(
        q.resolve("maildrop/BC39020C415"), "unix:uid"));
    assertThat(s.messages()).filteredOn(m -> m.script() != null && m.script().script().equals("css.php")).hasSize(40)
        .allSatisfy(m -> {
          assertThat(m.localUser()).isEqualTo("apache");
          assertThat(m.delayReason()).contains("Connection refused");
          assertThat(m.subject()).startsWith("Invoice ");
        });
    Map<String, String> gaps = s.gaps().stream().collect(Collectors.toMap(QueueSnapshot.QueueGap::path, QueueSnapshot.QueueGap::reason, (a, b) -> a + "; " + b));
    assertThat(gaps).containsKeys("/var/spool/postfix/deferred/A/A0000000001", "/var/spool/postfix/deferred/A/A0000000002",
        "/var/spool/postfix/active/B0000000003", "/var/spool/postfix/hold/C0000000004", "/var/spool/postfix/incoming/.nfs-oddity");
    assertThat(gaps.get("/var/spool/postfix/active/B0000000003")).contains("special file");
    assertThat(gaps.get("/var/spool/postfix/hold/C0000000004")).contains("symlink");
  }

  @Test
  void writtenPostfixFilesReadLikeTheRealOne() throws Exception {
    MailQueueLayouts.Message m = php(1, "10001:css.php");
    dev.spamtrace.mailqueue.postfix.PostfixQueue.Parsed p = PostfixQueue.parse(ByteSource.of(MailQueueLayouts.postfixQueueFile(m)), 65536);
    assertThat(p.file().problems()).isEmpty();
    assertThat(p.file().complete()).isTrue();
    assertThat(p.file().arrival()).isEqualTo(m.arrival());
    assertThat(p.file().recipients()).isEqualTo(m.recipients());
    assertThat(p.facts().script().script()).isEqualTo("css.php");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    dev.spamtrace.mailqueue.postfix.PostfixQueueFile.writeContent(ByteSource.of(MailQueueLayouts.postfixQueueFile(m)), out, 1 << 20);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(String.join("\n", m.headers()) + "\n\n" + m.body() + "\n");
  }

  @Test
  void eximSpoolsFromTheRealEximFlatAndSplit() throws Exception {
    Path root = tmp.resolve("root");
    Path flat = root.resolve("var/spool/exim4");
    copyTree(FIXTURES.resolve("exim/flat"), flat);
    copyTree(FIXTURES.resolve("exim/split"), root.resolve("var/spool/exim"));
    // A truncated -H and a -H whose -D is gone.
    byte[] h = Files.readAllBytes(flat.resolve("input/1xX73U-0007oa-0e-H"));
    Files.write(flat.resolve("input/1xX7ZZ-0007zz-0z-H"), java.util.Arrays.copyOf(h, 120));
    Files.write(flat.resolve("input/1xX7ZZ-0007zz-0z-D"), "1xX7ZZ-0007zz-0z-D\nx\n".getBytes(StandardCharsets.UTF_8));

    QueueSnapshots all = MailQueues.read(HostRoot.of(root), settings(), NOW);
    assertThat(all.queues()).extracting(QueueSnapshot::label).containsExactly("exim:/var/spool/exim4", "exim:/var/spool/exim");
    QueueSnapshot s = all.queues().get(0);
    assertThat(s.messages()).hasSize(7);
    QueuedMessage php = byId(s, "1xX73U-0007oa-0e");
    assertThat(php.sender()).isEqualTo("info@shop.example");
    assertThat(php.localUid()).isEqualTo(33);
    assertThat(php.localUser()).isEqualTo("www-data");
    assertThat(php.authUser()).as("-auth_id of a local submission is no SMTP AUTH").isNull();
    assertThat(php.script()).isEqualTo(new OriginatingScript(1001, "lab2.php"));
    assertThat(php.subject()).isEqualTo("請求書 #1");
    assertThat(php.recipients()).containsExactly(new Recipient("victim0001@example.net", true, "Connection refused"));
    assertThat(php.arrival()).isEqualTo(Instant.ofEpochSecond(1795828604));
    assertThat(php.files()).containsExactly("/var/spool/exim4/input/1xX73U-0007oa-0e-H", "/var/spool/exim4/input/1xX73U-0007oa-0e-D",
        "/var/spool/exim4/msglog/1xX73U-0007oa-0e");
    QueuedMessage auth = byId(s, "1xX73i-0007qT-2X");
    assertThat(auth.authUser()).isEqualTo("sales@bakery.example");
    assertThat(auth.clientAddress()).isEqualTo("198.51.100.7");
    assertThat(auth.localUid()).isNull();
    assertThat(auth.recipients()).extracting(Recipient::delayReason).containsExactly(
        "retry time not reached for any host for 'example.com'", "retry time not reached for any host for 'example.net'");
    QueuedMessage bounce = byId(s, "1xX73i-0007qr-2g");
    assertThat(bounce.queue()).isEqualTo("frozen");
    assertThat(bounce.nullSender()).isTrue();
    assertThat(s.gaps()).extracting(QueueSnapshot.QueueGap::path).contains("/var/spool/exim4/input/1xX7ZZ-0007zz-0z-H");

    QueueSnapshot split = all.queues().get(1);
    assertThat(split.messages()).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo("1xX73i-0007qw-2j");
      assertThat(m.files()).contains("/var/spool/exim/input/i/1xX73i-0007qw-2j-H", "/var/spool/exim/msglog/i/1xX73i-0007qw-2j");
      assertThat(m.delayReason()).isEqualTo("Connection refused");
    });
  }

  @Test
  void anEximSpoolWithOddEntriesReportsEachAndReadsTheRest() throws Exception {
    Path spool = tmp.resolve("root/var/spool/exim4");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      MailQueueLayouts.Message m = php(i, "10001:css.php");
      ids.add(MailQueueLayouts.eximId(i, m.arrival()));
      MailQueueLayouts.writeExim(spool, ids.get(i), m, true);
    }
    Path outside = Files.writeString(tmp.resolve("secret-H"), "not a spool file\n");
    // A FIFO and a symlink where -H files go (never opened, never followed), a FIFO as one
    // message's -D (that message is read without its body size), a stray file.
    String fifoId = "1xX7ab-0001ab-0a";
    String linkId = "1xX7ab-0001ac-0b";
    Path in = spool.resolve("input/" + fifoId.substring(5, 6));
    Files.createDirectories(in);
    new ProcessBuilder("mkfifo", in.resolve(fifoId + "-H").toString()).start().waitFor();
    Files.createSymbolicLink(in.resolve(linkId + "-H"), outside);
    String noData = ids.get(1);
    Path data = spool.resolve("input/" + noData.substring(5, 6) + "/" + noData + "-D");
    Files.delete(data);
    new ProcessBuilder("mkfifo", data.toString()).start().waitFor();
    Files.writeString(spool.resolve("input/stray.txt"), "x");
    // A hashed folder whose name is no valid UTF-8 (one byte, 0xff), with a message in it.
    assertThat(new ProcessBuilder("sh", "-c", "d=\"$(printf 'input/\\377')\"; mkdir \"$d\" && cp input/" + ids.get(2).substring(5, 6) + "/"
        + ids.get(2) + "-H \"$d/\"").directory(spool.toFile()).start().waitFor()).isZero();

    QueueSnapshot s = new EximSpool().read(HostRoot.of(tmp.resolve("root")), "/var/spool/exim4", settings(), LocalAccounts.none(), NOW);
    assertThat(s.messages()).extracting(QueuedMessage::id).containsExactlyInAnyOrderElementsOf(ids);
    Map<String, String> gaps = new java.util.HashMap<>();
    s.gaps().forEach(g -> gaps.put(g.path(), g.reason()));
    String at = "/var/spool/exim4/input/" + fifoId.substring(5, 6) + "/";
    assertThat(gaps.get(at + fifoId + "-H")).contains("special file");
    assertThat(gaps.get(at + linkId + "-H")).contains("symlink");
    assertThat(gaps.get("/var/spool/exim4/input/" + noData.substring(5, 6) + "/" + noData + "-D")).contains("not a regular file");
    assertThat(gaps.get("/var/spool/exim4/input/stray.txt")).contains("unexpected file");
    assertThat(s.gaps()).anySatisfy(g -> assertThat(g.reason()).contains("not valid in the file system's encoding"));
    assertThat(s.messages()).filteredOn(m -> m.id().equals(noData)).singleElement()
        .satisfies(m -> assertThat(m.files()).noneMatch(f -> f.endsWith("-D")));
  }

  @Test
  void writtenEximFilesReadLikeTheRealOnes() throws Exception {
    Path spool = tmp.resolve("root/var/spool/exim4");
    MailQueueLayouts.Message m = php(3, "10001:css.php");
    String id = MailQueueLayouts.eximId(3, m.arrival());
    MailQueueLayouts.writeExim(spool, id, m, true);
    QueueSnapshot s = new EximSpool().read(HostRoot.of(tmp.resolve("root")), "/var/spool/exim4", settings(), LocalAccounts.none(), NOW);
    assertThat(s.gaps()).isEmpty();
    assertThat(s.messages()).singleElement().satisfies(q -> {
      assertThat(q.id()).isEqualTo(id);
      assertThat(q.localUser()).isEqualTo("apache");
      assertThat(q.script().script()).isEqualTo("css.php");
      assertThat(q.delayReason()).contains("Connection refused");
    });
  }

  /** A qmail queue of {@code n} messages from css.php, each processed by qmail-send when {@code processed} holds; their ids. */
  static List<Long> qmailQueue(Path q, int n, java.util.function.IntPredicate processed) throws java.io.IOException {
    MailQueueLayouts.qmailSkeleton(q, 23);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(MailQueueLayouts.writeQmail(q, 23, php(i, "10001:css.php"), processed.test(i), List.of("shop.example")));
    }
    return ids;
  }

  @Test
  void qmailQueueInQmailsLayout() throws Exception {
    Path root = tmp.resolve("root");
    Path q = root.resolve("var/qmail/queue");
    List<Long> ids = qmailQueue(q, 30, i -> i % 10 != 0);
    MailQueueLayouts.Message smtp = new MailQueueLayouts.Message("", List.of("forged@example.org", "info@shop.example"),
        List.of("From: MAILER-DAEMON@mail.example.test", "Subject: failure notice"), "bounce\n", NOW.minusSeconds(60), null, null,
        "203.0.113.45", null, null);
    long b = MailQueueLayouts.writeQmail(q, 23, smtp, true, List.of("shop.example"));
    Files.writeString(q.resolve("bounce/" + b), "");
    // A broken envelope: info/ without its terminating NUL.
    long broken = MailQueueLayouts.writeQmail(q, 23, php(99, null), true, List.of());
    Files.writeString(q.resolve("info/" + broken % 23 + "/" + broken), "Fcut@shop.example");

    QueueSnapshot s = new QmailQueue().read(HostRoot.of(root), "/var/qmail/queue", settings(),
        LocalAccounts.parse("apache:x:48:48::/:/sbin/nologin\n"), NOW);
    assertThat(s.messages()).hasSize(32);
    QueuedMessage first = s.messages().stream().filter(m -> m.id().equals(String.valueOf(ids.get(1)))).findFirst().orElseThrow();
    assertThat(first.queue()).isEqualTo("queue");
    assertThat(first.sender()).isEqualTo("info@shop.example");
    assertThat(first.localUid()).isEqualTo(48);
    assertThat(first.localUser()).isEqualTo("apache");
    assertThat(first.script().script()).isEqualTo("css.php");
    assertThat(first.arrival()).isEqualTo(NOW.minusSeconds(601));
    String split = String.valueOf(ids.get(1) % 23);
    assertThat(first.files()).containsExactly("/var/qmail/queue/mess/" + split + "/" + ids.get(1), "/var/qmail/queue/info/" + split + "/" + ids.get(1),
        "/var/qmail/queue/remote/" + split + "/" + ids.get(1));
    QueuedMessage todo = s.messages().stream().filter(m -> m.id().equals(String.valueOf(ids.get(0)))).findFirst().orElseThrow();
    assertThat(todo.queue()).isEqualTo("todo");
    assertThat(todo.recipients()).extracting(Recipient::address).containsExactly("victim0@example0.com");
    assertThat(todo.files()).contains("/var/qmail/queue/todo/" + ids.get(0), "/var/qmail/queue/intd/" + ids.get(0));
    QueuedMessage bq = s.messages().stream().filter(m -> m.id().equals(String.valueOf(b))).findFirst().orElseThrow();
    assertThat(bq.queue()).isEqualTo("bounce");
    assertThat(bq.nullSender()).isTrue();
    assertThat(bq.clientAddress()).isEqualTo("203.0.113.45");
    assertThat(bq.recipients()).extracting(Recipient::address).containsExactlyInAnyOrder("forged@example.org", "info@shop.example");
    assertThat(s.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("not terminated"));
    QueuedMessage cut = s.messages().stream().filter(m -> m.id().equals(String.valueOf(broken))).findFirst().orElseThrow();
    assertThat(cut.sender()).as("a sender cut short is unknown, not <>").isNull();
    assertThat(cut.nullSender()).isFalse();
  }

  @Test
  void aQmailQueueWithOddEntriesReportsEachAndReadsTheRest() throws Exception {
    Path root = tmp.resolve("root");
    Path q = root.resolve("var/qmail/queue");
    List<Long> ids = qmailQueue(q, 5, i -> true);
    Path outside = Files.writeString(tmp.resolve("secret"), "From: not-a-queue-file\n\nsecret\n");
    // In mess/'s hashed folders: a FIFO (never opened), a symlink out of the queue (never followed),
    // a folder, and a name that is no message number; directly in mess/: a stray file.
    new ProcessBuilder("mkfifo", q.resolve("mess/3/900003").toString()).start().waitFor();
    Files.createSymbolicLink(q.resolve("mess/4/900004"), outside);
    Files.createDirectories(q.resolve("mess/5/900005"));
    Files.writeString(q.resolve("mess/6/notanumber"), "x");
    Files.writeString(q.resolve("mess/stray"), "x");
    // An envelope that is a FIFO: the message is read without it.
    long fifoInfo = ids.get(4);
    Files.delete(q.resolve("info/" + fifoInfo % 23 + "/" + fifoInfo));
    new ProcessBuilder("mkfifo", q.resolve("info/" + fifoInfo % 23 + "/" + fifoInfo).toString()).start().waitFor();

    QueueSnapshot s = new QmailQueue().read(HostRoot.of(root), "/var/qmail/queue", settings(), LocalAccounts.parse(""), NOW);
    assertThat(s.messages()).extracting(QueuedMessage::id).containsExactlyElementsOf(ids.stream().sorted().map(String::valueOf).toList());
    assertThat(s.messages()).noneMatch(m -> m.subject() != null && m.subject().contains("secret"));
    Map<String, String> gaps = new java.util.HashMap<>();
    s.gaps().forEach(g -> gaps.put(g.path(), g.reason()));
    assertThat(gaps.get("/var/qmail/queue/mess/3/900003")).contains("special file");
    assertThat(gaps.get("/var/qmail/queue/mess/4/900004")).contains("symlink");
    assertThat(gaps.get("/var/qmail/queue/mess/5/900005")).contains("folder");
    assertThat(gaps.get("/var/qmail/queue/mess/6/notanumber")).contains("not a qmail message");
    assertThat(gaps.get("/var/qmail/queue/mess/stray")).contains("not a qmail message");
    assertThat(gaps.get("/var/qmail/queue/info/" + fifoInfo % 23 + "/" + fifoInfo)).contains("not a regular file");
    // Its sender is unknown, not the null sender: it never counts as a bounce (backscatter).
    assertThat(s.messages()).filteredOn(m -> m.id().equals(String.valueOf(fifoInfo))).singleElement()
        .satisfies(m -> {
          assertThat(m.recipients()).isNotEmpty();
          assertThat(m.sender()).isNull();
          assertThat(m.nullSender()).isFalse();
          assertThat(Dimension.SENDER.key(m)).isNull();
          assertThat(Dimension.SENDER_DOMAIN.key(m)).isNull();
          assertThat(m.senderShown()).isEqualTo("?");
        });
    assertThat(s.messages()).filteredOn(m -> !m.id().equals(String.valueOf(fifoInfo))).allSatisfy(m -> assertThat(m.sender()).isNotNull());
  }

  @Test
  void aQueueThatVanishesWhileBeingReadIsNeverFatal() throws Exception {
    Path root = tmp.resolve("root");
    for (int round = 0; round < 5; round++) {
      Path q = root.resolve("var/spool/postfix");
      MailQueueLayouts.postfixSkeleton(q);
      for (int i = 0; i < 300; i++) {
        MailQueueLayouts.writePostfix(q, "deferred", MailQueueLayouts.postfixId(i), php(i, "10001:css.php"));
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread remover = new Thread(() -> {
        try (Stream<Path> w = Files.walk(q)) {
          for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (Exception e) {
          // racing with ourselves is the point
        }
        stop.set(true);
      });
      remover.start();
      QueueSnapshots s = MailQueues.read(HostRoot.of(root.toFile().exists() ? root : tmp), settings(), NOW);
      remover.join();
      assertThat(s).isNotNull();
      assertThat(stop).isTrue();
    }
  }

  static QueuedMessage byId(QueueSnapshot s, String id) {
    return s.messages().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> w = Files.walk(from)) {
      for (Path p : w.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
