package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firewall commands' edges: bad input is a usage error, and without --apply nothing is journaled. */
class FirewallCliTest {
  @TempDir Path tmp;

  @Test
  void blockRefusesWhatIsNotAnAddressOrAPort() {
    CliTest.Run r = CliTest.run("block", "example.com", "--state-dir", tmp.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("not an IP address");
    assertThat(CliTest.run("block", "203.0.113.7; nft flush ruleset", "--state-dir", tmp.toString()).code()).isEqualTo(ExitCode.USAGE);
    assertThat(CliTest.run("block", "203.0.113.7", "--ports", "21;22", "--state-dir", tmp.toString()).code()).isEqualTo(ExitCode.USAGE);
    assertThat(CliTest.run("block", "203.0.113.7", "--for", "forever", "--state-dir", tmp.toString()).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void blockWithoutApplyOnlyShowsThePlan() {
    CliTest.Run r = CliTest.run("block", "203.0.113.7", "2001:db8::/48", "--ports", "21,49152-65535", "--for", "12h", "--state-dir", tmp.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(r.out()).contains("block ports 21,49152-65535 from 203.0.113.7 for 12h").contains("2001:db8::/48").contains("dry run");
    assertThat(Files.exists(tmp.resolve("journal.jsonl"))).isFalse();
  }

  @Test
  void unknownCountryPolicyIsAUsageErrorNamingTheConfiguredOnes() {
    CliTest.Run r = CliTest.run("firewall", "country-policy", "ssh", "--state-dir", tmp.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("configured: ftp");
  }

  @Test
  void confirmWithNothingPendingSaysSo() {
    CliTest.Run r = CliTest.run("firewall", "confirm", "--state-dir", tmp.toString());
    assertThat(r.code()).isEqualTo(ExitCode.CLEAN);
    assertThat(r.out()).contains("Nothing is waiting");
  }

  @Test
  void countryPolicyShowsTheLoginsItWouldRefuseBeforeAnythingChanges() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("var/log"));
    Files.createDirectories(root.resolve("proc"));
    String today = java.time.LocalDateTime.now().minusHours(3)
        .format(java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.ROOT));
    Files.writeString(root.resolve("var/log/vsftpd.log"),
        today + " [pid 11] [shop1] OK LOGIN: Client \"202.12.27.33\"\n" + today + " [pid 12] [shop1] OK LOGIN: Client \"193.0.6.139\"\n");
    CliTest.Run r = CliTest.run("firewall", "country-policy", "ftp", "--root", root.toString(), "--state-dir", tmp.resolve("state").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.CLEAN);
    assertThat(r.out()).contains("networks for JP").contains("the policy would have refused 1")
        .containsPattern("REFUSED +shop1 +193\\.0\\.6\\.139 +NL").containsPattern("allowed +shop1 +202\\.12\\.27\\.33 +JP")
        .contains("/var/log/xferlog: not there").contains("dry run");
    assertThat(Files.exists(tmp.resolve("state/journal.jsonl"))).isFalse();
  }
}
