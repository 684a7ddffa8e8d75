package dev.spamtrace.response.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.MailQueueLayouts;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.mailqueue.MailQueueInspector;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.MessageSelector;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Purges on a root that is not the live system: what may be done there, and what must be said instead. */
class PurgeQueuedMailTest {
  @TempDir Path tmp;
  Path root;
  Journal journal;
  ActionContext ctx;
  static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Files.createDirectories(root.resolve("proc"));
    journal = new Journal(tmp.resolve("state/journal.jsonl"));
    ctx = new ActionContext(HostRoot.of(root), Config.defaults(), CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2026, 11, 28)),
        Clock.fixed(NOW, ZoneOffset.UTC), new SystemCommand(Duration.ofSeconds(10)));
  }

  static MailQueueLayouts.Message msg(int n, String sender, String script) {
    Instant t = NOW.minusSeconds(900 + n);
    String to = "victim" + n + "@example" + n % 5 + ".com";
    return new MailQueueLayouts.Message(sender, List.of(to), MailQueueLayouts.phpMailHeaders(null, to, "Invoice " + n,
        "<" + sender + ">", script, "PHP/8.2", "<" + n + "@x>", t), "Hello " + n + "\n", t, 48, "apache", null, null, null);
  }

  MailQueueSettings settings() {
    return Config.defaults().section("mailqueue", MailQueueSettings.class);
  }

  List<QueuedMessage> queue() {
    return MailQueues.read(HostRoot.of(root), settings(), NOW).messages();
  }

  @Test
  void qmailOnADiskCopyIsPurgedFileByFileArchivedAndUndoSaysWhatIsNeeded() throws Exception {
    Path q = root.resolve("var/qmail/queue");
    MailQueueLayouts.qmailSkeleton(q, 23);
    for (int i = 0; i < 25; i++) {
      MailQueueLayouts.writeQmail(q, 23, msg(i, "info@shop.example", "10001:css.php"), i % 5 != 0, List.of("shop.example"));
    }
    for (int i = 0; i < 4; i++) {
      MailQueueLayouts.writeQmail(q, 23, msg(100 + i, "orders@bakery.example", null), true, List.of());
    }
    Files.writeString(q.resolve("bounce/" + queue().get(0).id()), "");
    List<QueuedMessage> before = queue();
    List<String> spamFiles = before.stream().filter(m -> m.sender().equals("info@shop.example")).flatMap(m -> m.files().stream()).toList();
    assertThat(spamFiles).hasSizeGreaterThan(50);

    PurgeQueuedMail purge = new PurgeQueuedMail(Mta.QMAIL, "/var/qmail/queue",
        MessageSelector.of(MessageSelector.Kind.SENDER_DOMAIN, "shop.example"), 25, List.of());
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(purge)), ctx);
    assertThat(taken).singleElement().satisfies(t -> assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done));

    assertThat(queue()).extracting(QueuedMessage::sender).containsOnly("orders@bakery.example").hasSize(4);
    for (String f : spamFiles) {
      assertThat(root.resolve(f.substring(1))).as("every file of every purged message, in every queue folder").doesNotExist();
    }
    Path mail = tmp.resolve("cases/20261128/mail");
    try (Stream<Path> s = Files.list(mail)) {
      assertThat(s.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(25);
    }
    QueuedMessage one = before.stream().filter(m -> m.sender().equals("info@shop.example")).findFirst().orElseThrow();
    assertThat(mail.resolve("qmail-" + one.id() + ".eml")).content().startsWith("Received: (qmail ").contains("X-PHP-Originating-Script: 10001:css.php");

    Undo undo = new Undo(journal, List.of(new PurgeQueuedMailReversal()));
    List<Undo.Reversed> r = undo.apply(undo.candidates(h -> true), ctx);
    assertThat(r).singleElement().satisfies(x -> {
      assertThat(x.ok()).isFalse();
      assertThat(x.message().en()).contains("not the live system", "qmail-inject", mail.toString());
    });
  }

  @Test
  void qmailIsNotTouchedWhileQmailSendRuns() throws Exception {
    Path q = root.resolve("var/qmail/queue");
    MailQueueLayouts.qmailSkeleton(q, 23);
    MailQueueLayouts.writeQmail(q, 23, msg(1, "info@shop.example", "10001:css.php"), true, List.of());
    Files.createDirectories(root.resolve("proc/4242"));
    Files.writeString(root.resolve("proc/4242/comm"), "qmail-send\n");
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(new PurgeQueuedMail(Mta.QMAIL, "/var/qmail/queue",
        MessageSelector.of(MessageSelector.Kind.SCRIPT, "css.php"), 1, List.of()))), ctx);
    assertThat(taken).singleElement().satisfies(t -> {
      assertThat(t.phase()).isEqualTo(Phase.refused);
      assertThat(t.message().en()).contains("qmail-send is running (pid 4242)");
    });
    assertThat(queue()).hasSize(1);
  }

  @Test
  void postfixAndEximOnAnOfflineRootAreRefusedWithWhatToRunInstead() throws Exception {
    Path pq = root.resolve("var/spool/postfix");
    MailQueueLayouts.postfixSkeleton(pq);
    MailQueueLayouts.writePostfix(pq, "deferred", MailQueueLayouts.postfixId(1), msg(1, "info@shop.example", "10001:css.php"));
    MailQueueLayouts.writeExim(root.resolve("var/spool/exim4"), MailQueueLayouts.eximId(1, NOW), msg(2, "info@shop.example", "10001:css.php"), false);
    MessageSelector css = MessageSelector.of(MessageSelector.Kind.SCRIPT, "css.php");
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(
        new PurgeQueuedMail(Mta.POSTFIX, "/var/spool/postfix", css, 1, List.of()),
        new PurgeQueuedMail(Mta.EXIM, "/var/spool/exim4", css, 1, List.of()))), ctx);
    assertThat(taken).extracting(Responder.Taken::phase).containsOnly(Phase.refused);
    assertThat(taken.get(0).message().en()).contains("postsuper -d");
    assertThat(taken.get(1).message().en()).contains("exim -Mrm");
    assertThat(queue()).hasSize(2);
  }

  @Test
  void thePlanPurgesAbuseVerdictsOnlyNeverLegitimateMail() throws Exception {
    Path pq = root.resolve("var/spool/postfix");
    MailQueueLayouts.postfixSkeleton(pq);
    for (int i = 0; i < 60; i++) {
      MailQueueLayouts.writePostfix(pq, "deferred", MailQueueLayouts.postfixId(i), msg(i, "info@shop.example", "10001:css.php"));
    }
    for (int i = 0; i < 40; i++) {
      MailQueueLayouts.Message m = msg(1000 + i, "news@bakery.example", null);
      List<String> h = new java.util.ArrayList<>(m.headers());
      h.add("List-Unsubscribe: <mailto:leave@bakery.example>");
      h.set(h.indexOf(h.stream().filter(x -> x.startsWith("Subject:")).findFirst().orElseThrow()), "Subject: Bakery news");
      MailQueueLayouts.writePostfix(pq, "deferred", MailQueueLayouts.postfixId(1000 + i), new MailQueueLayouts.Message(m.sender(),
          m.recipients(), h, m.body(), m.arrival(), null, null, null, null, null));
    }
    Config config = Config.defaults();
    Investigation.Outcome o = new Investigation(List.of(new MailQueueInspector())).run(HostRoot.of(root), config,
        Clock.fixed(NOW, ZoneOffset.UTC), InspectionContext.Options.once());
    Finding surge = o.findings().get(0);
    assertThat(surge.summary().en()).contains("60 of them", "css.php");
    assertThat(surge.evidence().get("verdicts").toString()).contains("uploaded-mailer", "mailing-list");
    List<Action> plan = new PurgePlanner().plan(o.findings(), HostRoot.of(root), config);
    assertThat(plan).singleElement().satisfies(a -> {
      assertThat(a.target()).isEqualTo("postfix:/var/spool/postfix script=css.php");
      assertThat(a.description().en()).contains("archive 60 queued messages");
      assertThat(a.findings()).containsExactly(surge.id());
    });
  }
}
