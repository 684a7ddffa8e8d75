package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preview: which recent FTP logins a policy would have refused, from real vsftpd and xferlog lines. */
class CountryPolicyPreviewTest {
  @TempDir Path tmp;

  @Test
  void readsLoginsFromRealVsftpdAndXferlogLinesWithTheLogsParsers() throws Exception {
    Path log = Files.createDirectories(tmp.resolve("root/var/log"));
    Files.writeString(log.resolve("vsftpd.log"), FirewallParsersTest.sample("vsftpd.log"));
    Files.writeString(log.resolve("xferlog"), FirewallParsersTest.sample("xferlog"));
    FtpLoginHistory.Read read = FtpLoginHistory.read(HostRoot.of(tmp.resolve("root")), List.of("/var/log/vsftpd.log", "/var/log/xferlog"),
        Instant.EPOCH, ZoneOffset.UTC);
    assertThat(read.problems()).isEmpty();
    List<LogEvent> v = read.logins().stream().filter(e -> e.source().equals("/var/log/vsftpd.log")).toList();
    // Only OK LOGIN lines (and transfers): FAIL LOGIN, CONNECT, pam lines and FTP command traces are not logins.
    assertThat(v).extracting(LogEvent::address).containsOnly("192.168.2.10", "192.0.2.143", "198.51.100.36");
    assertThat(v).filteredOn(l -> l.address().equals("192.168.2.10") && l.kind() == EventKind.FTP_LOGIN).singleElement().satisfies(l -> {
      assertThat(l.user()).isEqualTo("dcid");
      assertThat(l.time()).isEqualTo(Instant.parse("2006-06-04T22:08:39Z"));
    });
    List<LogEvent> x = read.logins().stream().filter(e -> e.source().equals("/var/log/xferlog")).toList();
    assertThat(x).extracting(LogEvent::user).contains("canalresende");
    assertThat(x).filteredOn(l -> l.user().equals("canalresende")).allSatisfy(l -> assertThat(l.address()).isEqualTo("201.44.122.146"));
  }

  @Test
  void showsWhoTheJapanOnlyPolicyWouldRefuse() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root/var/log"));
    LocalDateTime now = LocalDateTime.of(2026, 6, 18, 12, 0);
    Files.writeString(root.resolve("vsftpd.log"), String.join("\n",
        "Wed Jun 17 09:00:01 2026 [pid 11] [shop1] OK LOGIN: Client \"202.12.27.33\"",
        "Wed Jun 17 09:30:01 2026 [pid 12] [shop1] OK LOGIN: Client \"202.12.27.33\"",
        "Wed Jun 17 23:10:44 2026 [pid 13] [shop1] OK LOGIN: Client \"193.0.6.139\"",
        "Thu Jun 18 01:10:44 2026 [pid 14] [travel] OK LOGIN: Client \"::ffff:81.2.69.160\"",
        "Thu Jun 18 02:10:44 2026 [pid 15] [office] OK LOGIN: Client \"192.168.1.20\"",
        "Mon Jan  5 02:10:44 2026 [pid 16] [old] OK LOGIN: Client \"8.8.8.8\"",
        "Thu Jun 18 03:10:44 2026 [pid 17] [shop2] FAIL LOGIN: Client \"5.255.255.77\"", ""));
    FtpLoginHistory.Read read = FtpLoginHistory.read(HostRoot.of(tmp.resolve("root")), List.of("/var/log/vsftpd.log", "/var/log/xferlog"),
        now.minusDays(30).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    assertThat(read.problems()).containsExactly("/var/log/xferlog: not there");
    FirewallSettings.CountryPolicySettings policy =
        new FirewallSettings.CountryPolicySettings("ftp", List.of("21"), List.of("JP"), List.of("81.2.69.160"));
    try (CountryDatabase db = CountryDatabase.embedded()) {
      List<CountryPolicyPreview.Row> rows = CountryPolicyPreview.of(read.logins(), policy, db, List.of());
      assertThat(rows).hasSize(4);
      assertThat(rows.get(0)).satisfies(r -> {
        assertThat(r.refused()).isTrue();
        assertThat(r.account()).isEqualTo("shop1");
        assertThat(r.address()).isEqualTo("193.0.6.139");
        assertThat(r.country()).isEqualTo("NL");
      });
      assertThat(rows).filteredOn(r -> r.address().equals("202.12.27.33")).singleElement().satisfies(r -> {
        assertThat(r.refused()).isFalse();
        assertThat(r.logins()).isEqualTo(2);
      });
      assertThat(rows).filteredOn(r -> r.account().equals("travel")).singleElement()
          .satisfies(r -> assertThat(r.why()).contains("exception"));
      assertThat(rows).filteredOn(r -> r.account().equals("office")).singleElement().satisfies(r -> assertThat(r.refused()).isFalse());
      assertThat(rows).noneMatch(r -> r.account().equals("old") || r.account().equals("shop2"));
    }
  }
}
