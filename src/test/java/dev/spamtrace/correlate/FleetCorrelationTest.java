package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers, one attacker: the demo server (where the attacker's address is tied to a
 * compromise) and a second container where the same address logged into another account once
 * and uploaded the same mailer. On its own the second server shows nothing strong (one login
 * from an address it never saw); investigated together, the pivot reports the account there too
 * and links both servers in a fleet incident.
 */
class FleetCorrelationTest {
  @TempDir Path tmp;
  static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void theSameAttackerIsFollowedOnEveryServerItTouched() throws Exception {
    Clock clock = Clock.systemUTC();
    Path vz = tmp.resolve("vz/root");
    Path a = vz.resolve("101");
    Path b = vz.resolve("102");
    DemoServer.build(a, clock);
    Instant t = clock.instant().minus(Duration.ofHours(2));
    String docroot = "/var/www/vhosts/bob.example/httpdocs";
    write(b, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nbob:x:10020:1004::/var/www/vhosts/bob.example:/bin/false\n");
    write(b, "/etc/timezone", "UTC\n");
    write(b, "/var/www/vhosts/bob.example/httpdocs/index.html", "<h1>bob</h1>\n");
    Files.copy(a.resolve("var/www/vhosts/shop.example/httpdocs/css/css.php"), b.resolve("var/www/vhosts/bob.example/httpdocs/news.php"));
    String ip = DemoStory.ATTACKER_ADDRESS;
    write(b, "/var/log/vsftpd.log", String.join("\n",
        CTIME.format(t) + " [pid 4101] CONNECT: Client \"" + ip + "\"",
        CTIME.format(t.plusSeconds(2)) + " [pid 4100] [bob] OK LOGIN: Client \"" + ip + "\"",
        CTIME.format(t.plusSeconds(9)) + " [pid 4102] [bob] OK UPLOAD: Client \"" + ip + "\", \"/httpdocs/news.php\", 276 bytes, 80.12Kbyte/sec", ""));
    write(b, "/var/log/xferlog", CTIME.format(t.plusSeconds(9)) + " 1 " + ip + " 276 /httpdocs/news.php b _ i r bob ftp 0 * c\n");

    // B alone: no compromise is reported (one login from an unknown address is no sign by itself).
    JsonNode alone = investigate("--root", b.toString());
    assertThat(kinds(alone)).doesNotContain("ftp-account-compromise");

    JsonNode both = investigate("--root", vz + "/*");
    JsonNode bob = finding(both, "ftp-account-compromise", "ftp:bob");
    assertThat(bob.path("server").asText()).isEqualTo(b.toString());
    assertThat(bob.path("evidence").path("signs").toString()).contains("fleet-address");
    assertThat(bob.path("reasons").get(0).path("en").asText()).contains("the address that compromised").contains("shopuser on " + a);
    assertThat(bob.path("evidence").path("uploaded-scripts").toString()).contains(docroot + "/news.php");
    assertThat(both.path("findings").findParents("kind").stream().filter(f -> f.path("kind").asText().equals("attacker-address"))
        .map(f -> f.path("server").asText()).toList()).as("the address on both servers").contains(a.toString(), b.toString());
    assertThat(both.path("plan").toString()).as("the second server's account is in the plan too").contains("\"action\":\"rotate-ftp-password\",\"target\":\"ftp:bob\"");

    JsonNode fleet = null;
    JsonNode sameFile = null;
    for (JsonNode i : both.path("incidents")) {
      if (i.path("server").asText().equals("fleet") && i.path("title").path("en").asText().startsWith(ip)) {
        fleet = i;
      }
      if (i.path("title").path("en").asText().startsWith("the same malicious file")) {
        sameFile = i;
      }
    }
    assertThat(fleet).as(both.path("incidents").toString()).isNotNull();
    assertThat(fleet.path("title").path("en").asText()).isEqualTo(ip + " touched 2 servers");
    List<String> touched = new ArrayList<>();
    fleet.path("edges").forEach(e -> touched.add(e.path("to").asText() + " " + e.path("text").path("en").asText()));
    assertThat(touched).anyMatch(s -> s.startsWith("server:" + a) && s.contains("FTP logins as oldsite, shopuser"))
        .anyMatch(s -> s.startsWith("server:" + b) && s.contains("FTP logins as bob, 1 upload(s)"));
    assertThat(sameFile).as("the mailer's hash on both servers").isNotNull();
  }

  static JsonNode investigate(String... roots) throws Exception {
    List<String> args = new ArrayList<>(List.of("investigate", "--format", "json", "--state-dir", "/nonexistent-spamtrace-state"));
    args.addAll(List.of(roots));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    assertThat(rc).as(err.toString()).isIn(0, 1, 3);
    return new ObjectMapper().readTree(out.toString());
  }

  static List<String> kinds(JsonNode report) {
    List<String> out = new ArrayList<>();
    report.path("findings").forEach(f -> out.add(f.path("kind").asText()));
    return out;
  }

  static JsonNode finding(JsonNode report, String kind, String subject) {
    for (JsonNode f : report.path("findings")) {
      if (f.path("kind").asText().equals(kind) && f.path("subject").asText().equals(subject)) {
        return f;
      }
    }
    throw new AssertionError("no " + kind + " " + subject + " in " + kinds(report));
  }

  static void write(Path root, String serverPath, String text) throws Exception {
    Path p = root.resolve(serverPath.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
