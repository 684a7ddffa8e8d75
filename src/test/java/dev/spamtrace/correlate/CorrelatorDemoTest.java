package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.correlate.Incident.Confidence;
import dev.spamtrace.correlate.Incident.Edge;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.incident.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on the demo server (a Plesk server mid-outbreak, every scene telling one story):
 * one incident from the queue back to the attacker, with the evidence of each link.
 */
class CorrelatorDemoTest {
  @TempDir static Path tmp;
  static Investigation.Outcome outcome;
  static Incident incident;
  static final String CSS = DemoStory.docroot(DemoStory.SHOP_DOMAIN) + "/" + DemoStory.MAILER_DOCROOT_PATH;

  @BeforeAll
  static void investigate() throws Exception {
    Clock clock = Clock.systemUTC();
    DemoServer.build(tmp.resolve("server"), clock);
    outcome = Investigation.allInspectors().run(HostRoot.of(tmp.resolve("server")), Config.defaults(), clock, InspectionContext.Options.once());
    List<Incident> all = outcome.artifacts().get(Incidents.class).orElseThrow().incidents();
    assertThat(all).hasSize(1);
    incident = all.get(0);
  }

  static Edge edge(String from, String to) {
    return incident.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
        .orElseThrow(() -> new AssertionError("no edge " + from + " → " + to + " in " + incident.edges()));
  }

  @Test
  void theQueueIsTiedToTheScriptByItsHeaderAndTheFileByNameAndOwner() {
    Edge sent = edge("queue:postfix:/var/spool/postfix", "script:" + DemoStory.SHOP_UID + ":css.php");
    assertThat(sent.confidence()).isEqualTo(Confidence.CERTAIN);
    assertThat(sent.text().en()).startsWith("2000 queued messages carry X-PHP-Originating-Script: 10001:css.php").contains("apache (uid 48)");
    assertThat(sent.evidence()).allMatch(l -> l.startsWith("postfix ") && l.endsWith("X-PHP-Originating-Script: 10001:css.php"));
    Edge file = edge("script:10001:css.php", "file:" + CSS);
    assertThat(file.confidence()).as("name and owner uid agree").isEqualTo(Confidence.STRONG);
    assertThat(file.text().en()).contains("owned by uid 10001");
  }

  @Test
  void theFileIsTiedToThePostsTheUploadTheAccountAndTheAddressWithTheirLines() {
    Edge posts = edge("posts:" + CSS, "file:" + CSS);
    assertThat(posts.text().en()).startsWith("600 POSTs to " + CSS + " from 5 client(s)");
    assertThat(posts.evidence()).isNotEmpty().allMatch(l -> l.startsWith("/var/www/vhosts/system/shop.example/logs/access_log:") && l.contains("\"POST /css/css.php "));
    Edge upload = edge("ftp:shopuser", "file:" + CSS);
    assertThat(upload.confidence()).as("path and mtime agree").isEqualTo(Confidence.CERTAIN);
    assertThat(upload.text().en()).contains("from " + DemoStory.ATTACKER_ADDRESS).contains("mtime");
    assertThat(upload.evidence()).singleElement().asString().startsWith("/var/log/plesk/xferlog:").contains(CSS + " b _ i r shopuser ftp");
    Edge login = edge("address:" + DemoStory.ATTACKER_ADDRESS, "ftp:shopuser");
    assertThat(login.confidence()).isEqualTo(Confidence.CERTAIN);
    assertThat(login.evidence()).anyMatch(l -> l.startsWith("/var/log/secure:") && l.contains("USER shopuser (Login failed)"))
        .anyMatch(l -> l.contains("USER shopuser: Login successful."));
    // every other login and upload of the address: the old site too
    assertThat(edge("address:" + DemoStory.ATTACKER_ADDRESS, "ftp:oldsite").text().en()).contains("logged into FTP as oldsite");
    assertThat(edge("ftp:oldsite", "file:/var/www/vhosts/oldsite.example/httpdocs/mail/stats34.php").confidence()).isEqualTo(Confidence.CERTAIN);
    assertThat(edge("address:" + DemoStory.ATTACKER_ADDRESS, "file:/var/www/vhosts/shop.example/httpdocs/images/c0nfig.php").relation())
        .isEqualTo("requested");
  }

  @Test
  void processesCronAndPayloadsJoinTheSameIncident() {
    assertThat(incident.nodes()).extracting(Incident.Node::kind).contains(Incident.NodeKind.PROCESS, Incident.NodeKind.CRON,
        Incident.NodeKind.PAYLOAD, Incident.NodeKind.ACCOUNT, Incident.NodeKind.ADDRESS, Incident.NodeKind.QUEUE);
    Edge relaunch = incident.edges().stream().filter(e -> e.relation().equals("relaunches")).findFirst().orElseThrow();
    assertThat(relaunch.from()).isEqualTo("cron:/var/spool/cron/apache:1");
    assertThat(relaunch.evidence()).anyMatch(l -> l.equals("/var/spool/cron/apache:1: */10 * * * * /tmp/.x/run.sh"));
    Edge dropped = incident.edges().stream().filter(e -> e.relation().equals("likely-dropped")).findFirst().orElseThrow();
    assertThat(dropped.confidence()).isEqualTo(Confidence.WEAK);
    assertThat(incident.findings()).hasSize(outcome.findings().size());
    assertThat(incident.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void theStoryIsToldInTheFieldGuidesOrder() {
    List<Stage> stages = incident.story().stream().map(Incident.Step::stage).distinct().toList();
    assertThat(stages).containsSubsequence(Stage.QUEUE, Stage.SCRIPTS, Stage.POSTS, Stage.UPLOAD, Stage.ACCOUNT, Stage.ADDRESS, Stage.OTHER_FILES,
        Stage.PERSISTENCE, Stage.DAMAGE);
    assertThat(stages).isSorted();
    List<Incident.Step> uploads = incident.story().stream().filter(s -> s.stage() == Stage.UPLOAD).toList();
    assertThat(uploads.get(0).text().en()).as("in time order").startsWith("shopuser uploaded " + CSS);
    assertThat(uploads.get(uploads.size() - 1).text().en()).startsWith("oldsite uploaded");
  }

  @Test
  void aPostBurstOnAFlaggedFileIsRestatedWithTheOtherInspectorsFindingOnce() {
    List<Finding> bursts = outcome.findings().stream().filter(f -> f.kind() == FindingKind.POST_BURST).toList();
    assertThat(bursts).singleElement().satisfies(f -> {
      assertThat(f.reasons()).anyMatch(r -> r.en().startsWith("another inspector flagged this file: malicious-file (filescan)"));
      assertThat(f.evidence().get("flagged-by")).asList().singleElement().asString().startsWith("malicious-file-");
    });
  }
}
