package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.cli.Main;
import dev.spamtrace.demo.DemoServer;
import dev.spamtrace.demo.DemoStory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident as the operator reads it (text, HTML) on the demo server with hostile text added
 * by the attacker (an FTP user name and a file name that are markup, a User-Agent that is a
 * script, a file name with an ANSI escape), and the password rotation taken from
 * {@code investigate --apply}: the new passwords are printed once and stored nowhere.
 */
class IncidentReportTest {
  @TempDir Path tmp;
  Path root;
  static final String MARKUP_USER = "<svg/onload=alert(1)>";
  static final String MARKUP_FILE = "<img src=x onerror=alert(2)>.php";
  static final String ANSI_FILE = "\u001b[31mred.php";

  @BeforeEach
  void demo() throws Exception {
    Clock clock = Clock.systemUTC();
    root = tmp.resolve("server");
    DemoServer.build(root, clock);
    Instant t = DemoStory.uploadTime(clock.instant()).plusSeconds(20);
    ZoneId zone = ZoneId.of(Files.readString(root.resolve("etc/timezone")).trim());
    String ctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(zone).format(t);
    String syslog = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(zone).format(t);
    String images = DemoStory.docroot(DemoStory.SHOP_DOMAIN) + "/images/";
    Files.writeString(root.resolve("var/log/plesk/xferlog"), ctime + " 1 " + DemoStory.ATTACKER_ADDRESS + " 276 " + images + MARKUP_FILE
        + " b _ i r shopuser ftp 0 * c\n", StandardOpenOption.APPEND);
    Files.writeString(root.resolve("var/log/secure"), syslog + " sv42 proftpd[21100]: 192.0.2.42 (" + DemoStory.ATTACKER_ADDRESS + "["
        + DemoStory.ATTACKER_ADDRESS + "]) - USER " + MARKUP_USER + ": Login successful.\n", StandardOpenOption.APPEND);
    byte[] mailer = Files.readAllBytes(root.resolve("var/www/vhosts/shop.example/httpdocs/css/css.php"));
    Files.write(root.resolve("var/www/vhosts/shop.example/httpdocs/images/" + MARKUP_FILE), mailer);
    Files.write(root.resolve("var/www/vhosts/shop.example/httpdocs/images/" + ANSI_FILE), mailer);
    Files.setLastModifiedTime(root.resolve("var/www/vhosts/shop.example/httpdocs/images/" + MARKUP_FILE), java.nio.file.attribute.FileTime.from(t));
  }

  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {out.toString(), err.toString(), Integer.toString(rc)};
  }

  @Test
  void attackerTextIsDataInTheStoryNeverMarkupOrTerminalControl() {
    String state = tmp.resolve("state").toString();
    String html = run("investigate", "--root", root.toString(), "--format", "html", "--state-dir", state)[0];
    assertThat(html).contains("<section class=\"incident\"").contains("What happened");
    // The hostile upload and user are in the story, escaped.
    assertThat(html).contains("&lt;img src=x onerror=alert(2)&gt;.php").contains("&lt;svg/onload=alert(1)&gt;");
    assertThat(html).contains("&lt;script&gt;alert(&#39;ua&#39;)&lt;/script&gt;");
    assertThat(html).doesNotContain("<img src=x").doesNotContain("<svg/onload").doesNotContain("<script>").doesNotContain("\u001b");
    assertThat(html).doesNotContainPattern("<(?!/?(html|head|meta|title|style|body|h1|h2|h3|p|ul|ol|li|b|code|pre|section|table|tr|td|th|details|summary)\\b)[a-z]");

    String text = run("investigate", "--root", root.toString(), "--state-dir", state)[0];
    assertThat(text).startsWith("spamtrace investigation").contains("What happened: incident-");
    assertThat(text).doesNotContain("\u001b").contains("\\u001b[31mred.php");
    assertThat(text).contains("USER " + MARKUP_USER + ": Login successful.");
    // The story comes first and the plan last.
    assertThat(text.indexOf("What happened")).isLessThan(text.indexOf("Findings ("));
    assertThat(text.lastIndexOf("Plan (dry run")).isGreaterThan(text.indexOf("Checked"));
    String ja = run("investigate", "--root", root.toString(), "--state-dir", state, "--lang", "ja")[0];
    assertThat(ja).contains("何が起きたか: incident-", "メールキュー", "設置した FTP アップロード", "対応計画 (下記)");
  }

  @Test
  void investigateApplyPrintsTheNewPasswordsOnceAndKeepsThemNowhere() throws Exception {
    Path passwd = root.resolve("etc/proftpd/ftpd.passwd");
    Files.createDirectories(passwd.getParent());
    String old = "$6$x$y";
    Files.writeString(passwd, "shopuser:" + old + ":10001:1004::/var/www/vhosts/shop.example:/bin/false\noldsite:" + old
        + ":10002:1004::/var/www/vhosts/oldsite.example:/bin/false\n");
    Path config = tmp.resolve("rotate.yml");
    Files.writeString(config, "accounts:\n  rotate-ftp-passwords: true\n");
    Path state = tmp.resolve("state");
    Path cases = tmp.resolve("cases");
    String[] r = run("investigate", "--root", root.toString(), "--apply", "--only", "rotate-ftp-password", "--config", config.toString(),
        "--state-dir", state.toString(), "--case-root", cases.toString());
    assertThat(r[0]).contains("rotate-ftp-password", "ProFTPD AuthUserFile /etc/proftpd/ftpd.passwd");
    Matcher m = Pattern.compile("the new FTP password of (\\w+) \\(shown once, stored nowhere\\): (\\S+)").matcher(r[1]);
    List<String> passwords = new ArrayList<>();
    while (m.find()) {
      passwords.add(m.group(2));
    }
    assertThat(passwords).as(r[1]).hasSize(2);
    assertThat(Files.readString(passwd)).doesNotContain(old);
    List<Path> written = new ArrayList<>(List.of(state.resolve("journal.jsonl")));
    try (Stream<Path> s = Files.walk(cases)) {
      s.filter(Files::isRegularFile).forEach(written::add);
    }
    for (Path p : written) {
      String content = Files.readString(p);
      passwords.forEach(pw -> assertThat(content).as(p.toString()).doesNotContain(pw));
    }
    assertThat(Files.readString(state.resolve("journal.jsonl"))).contains("\"type\":\"rotate-ftp-password\"", "\"phase\":\"done\"");
    assertThat(r[0]).as("the report printed before acting has no password").doesNotContain(passwords.get(0));
  }
}
