package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.delisting.Phrases;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.report.ServerIdentity;
import dev.spamtrace.config.ServerSettings;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lints the phrase file the delisting message is written with; and the report names the server's discovered addresses. */
class JournalPhrasesTest {
  @TempDir Path root;

  @Test
  void everyActionTypeHasOnePhraseAndEveryCauseIsAFindingKind() {
    Phrases p = Phrases.shipped();
    Set<String> seen = new HashSet<>();
    for (Phrases.ActionPhrase a : p.actions()) {
      assertThat(a.types()).isNotEmpty();
      for (String t : a.types()) {
        assertThat(seen.add(t)).as("action type %s has two phrases", t).isTrue();
      }
      assertThat(a.one()).isNotBlank().doesNotContain("{count}");
      assertThat(a.many()).isNotBlank().doesNotContain("{count}");
      assertThat(a.ja()).isNotBlank();
      if (a.counted() != null) {
        assertThat(a.counted()).contains("{count}");
      }
    }
    assertThat(seen).contains("quarantine-file");
    for (Phrases.CausePhrase c : p.causes()) {
      assertThat(FindingKind.fromId(c.kind())).isNotNull();
      assertThat(c.en()).isNotBlank();
      assertThat(c.ja()).isNotBlank();
    }
  }

  @Test
  void spamDomainsComeFromAbusiveSenderVerdictsAndMailerSites() {
    dev.spamtrace.incident.Finding surge = dev.spamtrace.incident.Finding.builder(FindingKind.MAIL_QUEUE_SURGE, "postfix:/var/spool/postfix")
        .evidence("verdicts", List.of(
            java.util.Map.of("focus", "sender-domain", "value", "shop.example", "abuse", true),
            java.util.Map.of("focus", "from-domain", "value", "Shop.Example", "abuse", true),
            java.util.Map.of("focus", "recipient-domain", "value", "victim.example", "abuse", true),
            java.util.Map.of("focus", "sender-domain", "value", "bakery.example", "abuse", false),
            java.util.Map.of("focus", "sender-domain", "value", "bad;name", "abuse", true)))
        .build();
    dev.spamtrace.incident.Finding file = dev.spamtrace.incident.Finding.builder(FindingKind.MALICIOUS_FILE, "/var/www/vhosts/old.example/httpdocs/x.php")
        .evidence("domain", "old.example").build();
    assertThat(SpamDomains.from(List.of(surge, file))).containsExactly("shop.example", "old.example");
  }

  @Test
  void theReportNamesTheAddressesTheRootsConfigurationGives() throws Exception {
    Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
    Files.writeString(root.resolve("etc/sysconfig/network-scripts/ifcfg-venet0:0"), "IPADDR=8.8.4.4\n");
    Files.writeString(root.resolve("etc/hostname"), "sv1.example\n");
    assertThat(ServerIdentity.of(HostRoot.of(root), new ServerSettings("", "", List.of())).addresses()).containsExactly("8.8.4.4");
    assertThat(ServerIdentity.of(HostRoot.of(root), new ServerSettings("", "", List.of("192.0.2.7"))).addresses()).containsExactly("192.0.2.7");
  }
}
