package dev.spamtrace.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.response.Plan;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** investigate's filescan over the demo server: the story's files are found, the clean ones are not. */
class FileScanInspectorTest {
  @TempDir static Path tmp;
  static Investigation.Outcome outcome;
  static HostRoot root;

  @BeforeAll
  static void run() throws Exception {
    DemoServer s = DemoServer.build(tmp.resolve("server"), Clock.systemUTC());
    root = HostRoot.of(s.root());
    outcome = new Investigation(List.of(new FileScanInspector())).run(root, Config.defaults(), Clock.systemUTC(), InspectionContext.Options.once());
  }

  static Finding finding(FindingKind kind, String docrootPath) {
    return outcome.findings().stream().filter(f -> f.kind() == kind && docrootPath.equals(f.evidence().get("docroot-path")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind.id() + " for " + docrootPath + " in " + outcome.findings()));
  }

  @SuppressWarnings("unchecked")
  static List<String> rules(Finding f) {
    return (List<String>) f.evidence().get("rules");
  }

  static String reasons(Finding f) {
    return String.join("\n", f.reasons().stream().map(t -> t.en()).toList());
  }

  @Test
  void theUploadedMailerIsMaliciousWithItsPlaceAndItsFtpAccount() {
    Finding f = finding(FindingKind.MALICIOUS_FILE, DemoStory.MAILER_DOCROOT_PATH);
    assertThat(f.evidence()).containsEntry("path", DemoStory.docroot(DemoStory.SHOP_DOMAIN) + "/css/css.php")
        .containsEntry("domain", DemoStory.SHOP_DOMAIN).containsEntry("user", DemoStory.SHOP_USER)
        .containsEntry("ftp-accounts", List.of(DemoStory.SHOP_USER));
    assertThat(rules(f)).contains("mailer.recipient-and-content-from-request");
    assertThat(reasons(f)).contains("css/ folder");
    assertThat((String) f.evidence().get("snippet")).contains("mail(");
    assertThat(f.summary().en()).contains("mass mailer");
    assertThat(f.summary().ja()).contains("大量メール送信");
  }

  @Test
  void theShellsInImagesCarryEveryContextReason() {
    Finding shell = finding(FindingKind.MALICIOUS_FILE, "images/thumb.php");
    assertThat(rules(shell)).contains("filesman-wso.login-form", "filesman-wso.filesman-config");
    assertThat(reasons(shell)).contains("images/ folder", "owned by the web server's user apache", "data.bin (empty)");
    Finding config = finding(FindingKind.MALICIOUS_FILE, "images/c0nfig.php");
    assertThat(reasons(config)).contains("imitates a configuration file, and no other file of the site includes it");
    Finding db = finding(FindingKind.MALICIOUS_FILE, "images/db.php");
    assertThat(rules(db)).contains("uploader.client-named-upload");
    assertThat(finding(FindingKind.SUSPICIOUS_FILE, "images/data.bin").severity().id()).isEqualTo("low");
  }

  @Test
  void theOpenedFolderAndTheHtmlOnlySite() {
    Finding perm = finding(FindingKind.TAMPERED_PERMISSIONS, "images");
    assertThat(perm.evidence()).containsEntry("mode", "0777").containsEntry("restore-mode", "0755");
    Finding site = outcome.findings().stream().filter(f -> f.kind() == FindingKind.PHP_IN_HTML_ONLY_SITE).findFirst().orElseThrow();
    assertThat(site.evidence()).containsEntry("domain", DemoStory.OLD_DOMAIN).containsEntry("php-files", List.of("mail/stats34.php"));
    Finding packed = finding(FindingKind.MALICIOUS_FILE, "mail/stats34.php");
    assertThat(reasons(packed)).contains("in code decoded from gzinflate(base64_decode(", "html only");
  }

  @Test
  void theCustomersOwnCodeIsClean() {
    assertThat(outcome.findings()).extracting(f -> f.evidence().get("docroot-path"))
        .doesNotContain("contact.php", "index.php", "lib/shop.php", "index.html");
    assertThat(outcome.findings().stream().filter(f -> DemoStory.CLEAN_DOMAIN.equals(f.evidence().get("domain")))).isEmpty();
    assertThat(outcome.gaps()).isEmpty();
  }

  @Test
  void publishesTheDocrootsForTheCorrelator() {
    Docroots d = outcome.artifacts().get(Docroots.class).orElseThrow();
    assertThat(d.ofFtpAccount(DemoStory.SHOP_USER)).extracting(x -> x.domain()).containsExactly(DemoStory.SHOP_DOMAIN);
    assertThat(d.owning(DemoStory.docroot(DemoStory.OLD_DOMAIN) + "/mail/stats34.php").orElseThrow().owner()).isEqualTo(DemoStory.OLD_USER);
  }

  @Test
  void thePlanQuarantinesTheMaliciousFilesRestoresTheModeAndTurnsPhpOff() {
    Plan plan = Plan.from(outcome.findings(), root, Config.defaults());
    Map<String, List<String>> byType = new java.util.TreeMap<>();
    plan.actions().forEach(a -> byType.computeIfAbsent(a.type(), k -> new java.util.ArrayList<>()).add(a.target()));
    String shop = DemoStory.docroot(DemoStory.SHOP_DOMAIN);
    assertThat(byType.get("quarantine-file")).containsExactlyInAnyOrder(shop + "/css/css.php", shop + "/images/thumb.php",
        shop + "/images/c0nfig.php", shop + "/images/db.php", DemoStory.docroot(DemoStory.OLD_DOMAIN) + "/mail/stats34.php");
    assertThat(byType.get("restore-folder-mode")).containsExactly(shop + "/images");
    assertThat(byType.get("disable-php")).containsExactly(DemoStory.docroot(DemoStory.OLD_DOMAIN));
  }
}
