package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.QueuedMessage;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.accounts.AccountPlanner;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole chain with real daemons on this machine (issue 5's "must show"): vsftpd on a free
 * loopback port takes a failed login and then the upload of a mailer from 127.0.0.2; nginx and
 * php-fpm serve the site and log POSTs from 127.0.0.3 that make the uploaded script call PHP's
 * mail() into the real Postfix (deferred: its relay is a loopback port where nothing listens).
 * {@code spamtrace investigate} over the live root must report the chain (queued messages → script
 * → file → POST clients → upload → account → attacker address) with the evidence lines the
 * daemons wrote. Then the account's password is rotated for real (vsftpd refuses the old one and
 * takes the new one) and the customer's notice arrives in a local mailbox through Postfix.
 */
class ChainRealTest {
  static final String USER = "spamtrace-chain";
  static final String PASSWORD = "Chain-Test-Old-Password-1";
  static final int POSTS = 12;

  private final List<Daemon> daemons = new ArrayList<>();
  private Path work;
  private Path site;
  private Path webLogs;
  private String tag;

  static boolean postfixRunning() {
    try {
      String pid = Files.readString(Path.of("/var/spool/postfix/pid/master.pid")).strip();
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (Exception e) {
      return false;
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    daemons.forEach(Daemon::close);
    if (tag != null) {
      List<String> ours = new ArrayList<>();
      for (QueuedMessage m : queue()) {
        if (m.recipients().stream().anyMatch(r -> r.address().contains(tag))) {
          ours.add(m.id());
        }
      }
      if (!ours.isEmpty()) {
        Process p = new ProcessBuilder("postsuper", "-d", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write((String.join("\n", ours) + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        p.waitFor(60, TimeUnit.SECONDS);
      }
    }
    for (Path d : new Path[] {work, site, webLogs == null ? null : webLogs.getParent()}) {
      if (d != null && Files.exists(d)) {
        try (Stream<Path> s = Files.walk(d)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    Files.deleteIfExists(Path.of("/var/mail/" + USER));
  }

  @Test
  void investigateReportsTheWholeChainAndThePasswordAndNoticeWorkAgainstTheRealDaemons() throws Exception {
    RealComponent.require(RealComponent.isRoot() && RealComponent.executable("vsftpd") && RealComponent.executable("nginx")
        && RealComponent.executable("php-fpm8.2") && RealComponent.executable("curl") && RealComponent.executable("useradd")
        && RealComponent.executable("chpasswd") && RealComponent.executable("postsuper") && postfixRunning(),
        "root with vsftpd, nginx, php-fpm 8.2, curl, chpasswd and a running Postfix (.ci/components/chain.sh, postfix.sh)");
    tag = Long.toHexString(System.nanoTime() & 0xffffffL);
    String domain = "chain" + tag + ".example";
    site = Path.of("/var/www/vhosts/" + domain);
    Path docroot = site.resolve("httpdocs");
    webLogs = Path.of("/var/www/vhosts/system/" + domain + "/logs");
    work = Files.createTempDirectory(Path.of("/var/tmp"), "spamtrace-chain-");
    Path logs = work.resolve("log");
    for (Path d : List.of(docroot.resolve("css"), webLogs, logs, work.resolve("run"))) {
      Files.createDirectories(d);
    }
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(docroot.resolve("index.html"), "<h1>" + domain + "</h1>\n");
    ensureUser(site);
    int uid = Integer.parseInt(out("id", "-u", USER).strip());
    assertThat(run("chown", "-R", USER, site.toString())).isZero();
    assertThat(run("chmod", "-R", "a+rX", site.toString(), work.toString())).isZero();
    // php-fpm's workers (www-data) write PHP's mail.log.
    Files.writeString(logs.resolve("php-mail.log"), "");
    assertThat(run("chown", "www-data", logs.resolve("php-mail.log").toString())).isZero();

    // vsftpd: a wrong guess, then the right password and the upload, both from 127.0.0.2.
    int ftpPort = Daemon.freePort();
    startVsftpd(ftpPort, logs);
    assertThat(run("curl", "-sS", "--interface", "127.0.0.2", "--user", USER + ":wrong-guess", "ftp://127.0.0.1:" + ftpPort + "/"))
        .as("the wrong password is refused").isNotZero();
    Path mailer = work.resolve("mailer.php");
    Files.writeString(mailer, "<?php\n$to=$_POST['to'];$s=$_POST['subject'];$b=$_POST['body'];$h='From: '.$_POST['from'];\n"
        + "if(@mail($to,$s,$b,$h)){echo 'SENT';}else{echo 'FAIL';}\n");
    assertThat(run("curl", "-sS", "--interface", "127.0.0.2", "--user", USER + ":" + PASSWORD, "--ftp-create-dirs", "-T", mailer.toString(),
        "ftp://127.0.0.1:" + ftpPort + "/httpdocs/css/mailer.php")).isZero();
    String script = docroot.resolve("css/mailer.php").toString();
    assertThat(Path.of(script)).exists();

    // php-fpm (as www-data, mail() into the real Postfix with X-PHP-Originating-Script and mail.log) and nginx.
    Path sock = work.resolve("run/php.sock");
    Path fpmConf = work.resolve("php-fpm.conf");
    Files.writeString(fpmConf, String.join("\n", "[global]", "error_log = " + work.resolve("php-fpm.err"), "daemonize = no",
        "[chain]", "user = www-data", "group = www-data", "listen = " + sock, "listen.owner = www-data", "listen.group = www-data",
        "listen.mode = 0666", "pm = static", "pm.max_children = 2", "php_admin_value[mail.add_x_header] = On",
        "php_admin_value[mail.log] = " + logs.resolve("php-mail.log"), "php_admin_value[sendmail_path] = /usr/sbin/sendmail -t -i", ""));
    daemons.add(Daemon.start("php-fpm", List.of("/usr/sbin/php-fpm8.2", "--nodaemonize", "--fpm-config", fpmConf.toString()),
        work.resolve("php-fpm.out"), null).awaitReady(Duration.ofSeconds(15), () -> Files.exists(sock)));
    int webPort = Daemon.freePort();
    Path nginxConf = work.resolve("nginx.conf");
    Files.writeString(nginxConf, String.join("\n",
        "daemon off;", "user www-data;", "worker_processes 1;", "pid " + work.resolve("run/nginx.pid") + ";",
        "error_log " + work.resolve("nginx-error.log") + ";", "events { worker_connections 64; }",
        "http {", "  access_log off;", "  server {", "    listen 127.0.0.1:" + webPort + ";", "    root " + docroot + ";",
        "    access_log " + webLogs.resolve("access_log") + " combined;",
        "    location ~ \\.php$ { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:" + sock + "; }", "  }", "}", ""));
    daemons.add(Daemon.start("nginx", List.of("/usr/sbin/nginx", "-c", nginxConf.toString()), work.resolve("nginx.out"), null)
        .awaitReady(Duration.ofSeconds(10), () -> listening(webPort)));
    for (int i = 0; i < POSTS; i++) {
      String answer = out("curl", "-sS", "--interface", "127.0.0.3", "-A", "Mozilla/5.0 (X11; Linux x86_64)",
          "--data-urlencode", "to=victim" + i + "-" + tag + "@example.net", "--data-urlencode", "subject=Invoice " + i,
          "--data-urlencode", "body=Hello " + i, "--data-urlencode", "from=sales@shop.example", "http://127.0.0.1:" + webPort + "/css/mailer.php");
      assertThat(answer).as("the mailer ran").isEqualTo("SENT");
    }
    daemons.forEach(Daemon::close); // flushes the logs
    daemons.clear();
    List<QueuedMessage> spam = awaitDeferred(POSTS);
    assertThat(spam).allSatisfy(m -> assertThat(m.script().toString()).isEqualTo(uid + ":mailer.php"));

    // investigate over the live root, with the test's own logs named.
    Path state = work.resolve("state");
    Path config = work.resolve("spamtrace.yml");
    Files.writeString(config, String.join("\n",
        "logs:",
        "  extra-files: {\"" + logs.resolve("vsftpd.log") + "\": vsftpd, \"" + logs.resolve("xferlog") + "\": xferlog, \""
            + logs.resolve("php-mail.log") + "\": php-mail}",
        "  post-burst: {min-posts: 10}",
        "  ftp: {guess-failures: 1}",
        ""));
    StringWriter inv = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(new String[] {"investigate", "--format", "json", "--config", config.toString(), "--state-dir", state.toString()},
        new PrintWriter(inv), new PrintWriter(err));
    assertThat(rc).as(err.toString()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(inv.toString());
    JsonNode incident = null;
    for (JsonNode i : report.path("incidents")) {
      for (JsonNode n : i.path("nodes")) {
        if (n.path("id").asText().equals("file:" + script)) {
          incident = i;
        }
      }
    }
    assertThat(incident).as(report.path("incidents").toString()).isNotNull();
    Map<String, JsonNode> edges = new java.util.HashMap<>();
    for (JsonNode e : incident.path("edges")) {
      edges.put(e.path("from").asText() + " -> " + e.path("to").asText(), e);
    }
    String header = "script:" + uid + ":mailer.php";
    JsonNode sent = edges.get("queue:postfix:/var/spool/postfix -> " + header);
    assertThat(sent).as(edges.keySet().toString()).isNotNull();
    assertThat(sent.path("text").path("en").asText()).contains("queued messages carry X-PHP-Originating-Script: " + uid + ":mailer.php")
        .contains("www-data (uid 33)");
    JsonNode named = edges.get(header + " -> file:" + script);
    assertThat(named.path("confidence").asText()).as("PHP's mail.log names the file").isEqualTo("certain");
    assertThat(named.path("evidence").toString()).contains(logs.resolve("php-mail.log") + ":").contains("mail() on [" + script + ":");
    JsonNode posts = edges.get("posts:" + script + " -> file:" + script);
    assertThat(posts.path("text").path("en").asText()).contains(POSTS + " POSTs").contains("127.0.0.3");
    assertThat(posts.path("evidence").get(0).asText()).startsWith(webLogs.resolve("access_log") + ":").contains("127.0.0.3 - - [")
        .contains("\"POST /css/mailer.php HTTP/1.1\" 200");
    JsonNode upload = edges.get("ftp:" + USER + " -> file:" + script);
    assertThat(upload.path("confidence").asText()).as("path and mtime agree").isEqualTo("certain");
    assertThat(upload.path("text").path("en").asText()).contains("from 127.0.0.2");
    assertThat(upload.path("evidence").get(0).asText()).contains("127.0.0.2").contains("/httpdocs/css/mailer.php");
    JsonNode login = edges.get("address:127.0.0.2 -> ftp:" + USER);
    assertThat(login.path("evidence").toString()).contains("[" + USER + "] FAIL LOGIN: Client \\\"127.0.0.2\\\"")
        .contains("[" + USER + "] OK LOGIN: Client \\\"127.0.0.2\\\"");
    List<String> stages = new ArrayList<>();
    incident.path("story").forEach(s -> stages.add(s.path("stage").asText()));
    assertThat(stages.stream().distinct().toList()).containsSubsequence("queue", "scripts", "posts", "upload", "account", "address");
    JsonNode compromise = null;
    for (JsonNode f : report.path("findings")) {
      if (f.path("kind").asText().equals("ftp-account-compromise") && f.path("subject").asText().equals("ftp:" + USER)) {
        compromise = f;
      }
    }
    assertThat(compromise).isNotNull();
    assertThat(report.path("plan").toString()).contains("\"action\":\"rotate-ftp-password\",\"target\":\"ftp:" + USER + "\"");

    // The account actions, for real, on this account only: chpasswd, then the notice through Postfix.
    Finding f = Finding.builder(FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + USER).server("/").severity(Severity.HIGH)
        .summary(new Text(compromise.path("summary").path("en").asText(), compromise.path("summary").path("ja").asText()))
        .reason(new Text(compromise.path("reasons").get(0).path("en").asText(), compromise.path("reasons").get(0).path("ja").asText()))
        .evidence("user", USER).evidence("uploaded-scripts", List.of(script)).source("logs").build();
    for (String transport : smtpRelayIsPostfix() ? List.of("sendmail", "smtp") : List.of("sendmail")) {
      Config c = Config.defaults().with(Map.of("accounts", Map.of("rotate-ftp-passwords", true, "notify", Map.of("enabled", true,
          "recipients", Map.of(USER, USER + "@localhost"), "from", "support@example.test", "transport", transport, "smtp-relay", "127.0.0.1:25"))));
      Plan plan = Plan.from(List.of(new AccountPlanner()), List.of(f), HostRoot.of(Path.of("/")), c);
      Journal journal = Journal.inStateDir(state);
      ActionContext ctx = new ActionContext(HostRoot.of(Path.of("/")), c, CaseFolder.forDay(work.resolve("cases"), LocalDate.now()),
          Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(60)));
      List<Responder.Taken> taken = new Responder(journal).apply(plan, ctx);
      assertThat(taken).extracting(Responder.Taken::phase).as(taken.toString()).containsExactly(Phase.done, Phase.done);
      String fresh = taken.get(0).shownOnce().secret();
      startVsftpd(ftpPort, logs);
      assertThat(run("curl", "-sS", "--user", USER + ":" + PASSWORD, "ftp://127.0.0.1:" + ftpPort + "/")).as("the old password is refused").isNotZero();
      assertThat(run("curl", "-sS", "--user", USER + ":" + fresh, "ftp://127.0.0.1:" + ftpPort + "/")).as("the new one works").isZero();
      daemons.forEach(Daemon::close);
      daemons.clear();
      String mailbox = awaitMail(taken.get(1).message().en().replaceAll(".*\\((<[^>]+>)\\)$", "$1"));
      assertThat(mailbox).contains("Subject: =?UTF-8?").contains("Auto-Submitted: auto-generated").contains("From: support@example.test");
      String body = decodedBodies(mailbox);
      assertThat(body).contains("FTP アカウント " + USER, "Dear customer", script, "the FTP password of " + USER + " was changed").doesNotContain(fresh);
      assertThat(Files.readString(journal.file())).doesNotContain(fresh).contains("notify-customer");
      Files.deleteIfExists(Path.of("/var/mail/" + USER));
    }
  }

  private void startVsftpd(int port, Path logs) throws Exception {
    Path conf = work.resolve("vsftpd.conf");
    Files.writeString(conf, String.join("\n",
        "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + port, "background=NO",
        "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
        "chroot_local_user=YES", "allow_writeable_chroot=YES", "local_root=" + site,
        "xferlog_enable=YES", "xferlog_std_format=YES", "xferlog_file=" + logs.resolve("xferlog"),
        "dual_log_enable=YES", "vsftpd_log_file=" + logs.resolve("vsftpd.log"), "syslog_enable=NO",
        "connect_from_port_20=NO", "pasv_enable=YES", "pasv_address=127.0.0.1",
        "secure_chroot_dir=/var/run/vsftpd/empty", "pam_service_name=vsftpd", "ssl_enable=NO", "seccomp_sandbox=NO", ""));
    Files.createDirectories(Path.of("/var/run/vsftpd/empty"));
    daemons.add(Daemon.start("vsftpd", List.of("/usr/sbin/vsftpd", conf.toString()), work.resolve("vsftpd.out"), null)
        .awaitReady(Duration.ofSeconds(10), () -> listening(port)));
  }

  /** Postfix's own smtpd on 127.0.0.1:25 (postfix.sh: inet_interfaces loopback-only), for the SMTP relay transport. */
  static boolean smtpRelayIsPostfix() {
    try (Socket s = new Socket("127.0.0.1", 25)) {
      s.setSoTimeout(5000);
      String banner = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return banner != null && banner.contains("ESMTP Postfix");
    } catch (IOException e) {
      return false;
    }
  }

  static List<QueuedMessage> queue() {
    MailQueueSettings s = Config.defaults().section("mailqueue", MailQueueSettings.class);
    return MailQueues.read(HostRoot.of(Path.of("/")), s, Instant.now()).messages();
  }

  List<QueuedMessage> awaitDeferred(int n) throws Exception {
    Instant end = Instant.now().plus(Duration.ofSeconds(120));
    List<QueuedMessage> got = List.of();
    while (Instant.now().isBefore(end)) {
      got = queue().stream().filter(m -> m.recipients().stream().anyMatch(r -> r.address().contains(tag))).toList();
      if (got.size() == n && got.stream().allMatch(m -> m.queue().equals("deferred"))) {
        return got;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("expected " + n + " deferred messages, the queue has " + got.size());
  }

  /** Waits for a message with this Message-ID in the user's mailbox (Postfix local delivery). */
  static String awaitMail(String messageId) throws Exception {
    Path box = Path.of("/var/mail/" + USER);
    Instant end = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(end)) {
      if (Files.exists(box)) {
        String s = Files.readString(box, StandardCharsets.ISO_8859_1);
        if (s.contains(messageId)) {
          return s;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no mail " + messageId + " in " + box);
  }

  /** The mailbox's base64 bodies decoded (the notice is UTF-8 text, base64 on the wire). */
  static String decodedBodies(String mbox) throws Exception {
    jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
    StringBuilder b = new StringBuilder();
    for (String one : mbox.split("\n(?=From )")) {
      String raw = one.substring(one.indexOf('\n') + 1);
      jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(session,
          new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
      b.append(m.getContent()).append('\n');
    }
    return b.toString();
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void ensureUser(Path home) throws Exception {
    if (run("id", USER) != 0) {
      assertThat(run("useradd", "--home-dir", home.toString(), "--shell", "/bin/bash", USER)).isZero();
    } else {
      assertThat(run("usermod", "--home", home.toString(), USER)).isZero();
    }
    Process p = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
    p.getOutputStream().write((USER + ":" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("chpasswd").isTrue();
  }

  static int run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  static String out(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return s;
  }
}
