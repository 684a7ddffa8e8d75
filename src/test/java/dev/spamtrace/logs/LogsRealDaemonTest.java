package dev.spamtrace.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.cli.Main;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The field guide's rows 3 and 4 with real daemons: vsftpd on a free loopback port takes a failed
 * login and then an upload of a PHP file from 127.0.0.2 (curl), nginx + php-fpm serve it and log
 * POSTs from 127.0.0.3. The daemons write their logs straight into a server tree laid out like
 * Plesk; the inspector reads the lines they wrote.
 */
class LogsRealDaemonTest {
  static final String USER = "spamtrace-ftp";
  static final String PASSWORD = "Spamtrace-ftp-Test-7";
  static final int POSTS = 35;
  static final String HOME = "/var/lib/spamtrace-ftp";

  private final List<Daemon> daemons = new ArrayList<>();
  private Path work;

  @AfterEach
  void stop() throws IOException {
    daemons.forEach(Daemon::close);
    if (work != null) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void anFtpUploadAndThePostsToItAreFoundInTheLinesRealDaemonsWrote() throws Exception {
    RealComponent.require(RealComponent.isRoot() && RealComponent.executable("vsftpd") && RealComponent.executable("nginx")
        && RealComponent.executable("curl") && RealComponent.executable("useradd"), "root with vsftpd, nginx and curl");
    ensureUser();
    work = Files.createTempDirectory(Path.of("/var/tmp"), "spamtrace-logs-");
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path root = work.resolve("root");
    Path site = root.resolve("var/www/vhosts/shop.test");
    Path docroot = site.resolve("httpdocs");
    Path webLogs = root.resolve("var/www/vhosts/system/shop.test/logs");
    Path varLog = root.resolve("var/log");
    for (Path d : List.of(docroot, webLogs, varLog, root.resolve("etc"), work.resolve("run"))) {
      Files.createDirectories(d);
    }
    Files.writeString(docroot.resolve("index.html"), "<h1>shop</h1>\n");
    run("chmod", "-R", "a+rX", work.toString());
    run("chown", "-R", USER, site.toString());
    // The tree's own accounts, as on the hosting server: the FTP user's home is the site's folder.
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n" + USER + ":x:10001:1004::/var/www/vhosts/shop.test:/bin/bash\n");

    int ftpPort = Daemon.freePort();
    Path vsftpdConf = work.resolve("vsftpd.conf");
    Files.writeString(vsftpdConf, String.join("\n",
        "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", "listen_port=" + ftpPort, "background=NO",
        "anonymous_enable=NO", "local_enable=YES", "write_enable=YES", "local_umask=022",
        "chroot_local_user=YES", "allow_writeable_chroot=YES", "local_root=" + site,
        "xferlog_enable=YES", "xferlog_std_format=YES", "xferlog_file=" + varLog.resolve("xferlog"),
        "dual_log_enable=YES", "vsftpd_log_file=" + varLog.resolve("vsftpd.log"), "syslog_enable=NO",
        "connect_from_port_20=NO", "pasv_enable=YES", "pasv_address=127.0.0.1",
        "secure_chroot_dir=/var/run/vsftpd/empty", "pam_service_name=vsftpd", "ssl_enable=NO", "seccomp_sandbox=NO", ""));
    Files.createDirectories(Path.of("/var/run/vsftpd/empty"));
    daemons.add(Daemon.start("vsftpd", List.of("/usr/sbin/vsftpd", vsftpdConf.toString()), work.resolve("vsftpd.out"), null)
        .awaitReady(Duration.ofSeconds(10), () -> listening(ftpPort)));

    // A wrong guess, then the right password and the upload, both from 127.0.0.2.
    int rc = run("curl", "-sS", "--interface", "127.0.0.2", "--user", USER + ":wrong-guess", "ftp://127.0.0.1:" + ftpPort + "/");
    assertThat(rc).as("the wrong password is refused").isNotZero();
    Path mailer = work.resolve("css.php");
    Files.writeString(mailer, "<?php\nheader('Content-Type: text/plain');\necho 'sent';\n");
    assertThat(run("curl", "-sS", "--interface", "127.0.0.2", "--user", USER + ":" + PASSWORD, "--ftp-create-dirs", "-T", mailer.toString(),
        "ftp://127.0.0.1:" + ftpPort + "/httpdocs/css/css.php")).isZero();
    assertThat(docroot.resolve("css/css.php")).exists();

    // nginx (+ php-fpm when present) serving the docroot, logging as Plesk keeps it.
    boolean php = RealComponent.executable("php-fpm8.2");
    Path sock = work.resolve("run/php.sock");
    if (php) {
      Path fpmConf = work.resolve("php-fpm.conf");
      Files.writeString(fpmConf, String.join("\n", "[global]", "error_log = " + work.resolve("php-fpm.err"), "daemonize = no",
          "[shop]", "user = www-data", "group = www-data", "listen = " + sock, "listen.owner = www-data", "listen.group = www-data",
          "listen.mode = 0666", "pm = static", "pm.max_children = 2", ""));
      daemons.add(Daemon.start("php-fpm", List.of("/usr/sbin/php-fpm8.2", "--nodaemonize", "--fpm-config", fpmConf.toString()),
          work.resolve("php-fpm.out"), null).awaitReady(Duration.ofSeconds(15), () -> Files.exists(sock)));
    }
    int webPort = Daemon.freePort();
    Path nginxConf = work.resolve("nginx.conf");
    Files.writeString(nginxConf, String.join("\n",
        "daemon off;", "user www-data;", "worker_processes 1;", "pid " + work.resolve("run/nginx.pid") + ";",
        "error_log " + work.resolve("nginx-error.log") + ";", "events { worker_connections 64; }",
        "http {", "  access_log off;", "  server {", "    listen 127.0.0.1:" + webPort + ";", "    root " + docroot + ";",
        "    access_log " + webLogs.resolve("access_log") + " combined;",
        php ? "    location ~ \\.php$ { include /etc/nginx/fastcgi.conf; fastcgi_pass unix:" + sock + "; }" : "",
        "  }", "}", ""));
    daemons.add(Daemon.start("nginx", List.of("/usr/sbin/nginx", "-c", nginxConf.toString()), work.resolve("nginx.out"), null)
        .awaitReady(Duration.ofSeconds(10), () -> listening(webPort)));
    List<String> posts = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "--interface", "127.0.0.3", "-A", "Mozilla/5.0 (X11; Linux x86_64)",
        "-d", "to=victim@example.net"));
    for (int i = 0; i < POSTS; i++) {
      posts.add("http://127.0.0.1:" + webPort + "/css/css.php");
    }
    assertThat(run(posts.toArray(String[]::new))).isZero();
    assertThat(run("curl", "-sS", "-o", "/dev/null", "--interface", "127.0.0.4", "http://127.0.0.1:" + webPort + "/")).isZero();
    daemons.forEach(Daemon::close); // flushes the logs
    daemons.clear();

    String vsftpdLog = Files.readString(varLog.resolve("vsftpd.log"));
    assertThat(vsftpdLog).contains("[" + USER + "] FAIL LOGIN: Client \"127.0.0.2\"").contains("[" + USER + "] OK LOGIN: Client \"127.0.0.2\"")
        .contains("OK UPLOAD: Client \"127.0.0.2\", \"/httpdocs/css/css.php\"").contains("OK MKDIR: Client \"127.0.0.2\", \"/httpdocs/css\"");

    // Every line the daemons wrote is recognised.
    StringWriter out = new StringWriter();
    int parsed = Main.execute(new String[] {"logs", "parse", "--stats", "-q", varLog.resolve("vsftpd.log").toString(),
        varLog.resolve("xferlog").toString(), webLogs.resolve("access_log").toString()}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(parsed).isZero();
    long lines = Files.readAllLines(varLog.resolve("vsftpd.log")).size() + Files.readAllLines(varLog.resolve("xferlog")).size()
        + Files.readAllLines(webLogs.resolve("access_log")).size();
    assertThat(out.toString()).endsWith("total: recognised=" + lines + " unrecognised=0 malformed=0\n");

    // One failure before the success is guessing here (loopback addresses have no country).
    Config config = Config.defaults().with(Map.of("logs", Map.of("time-zone", "UTC", "ftp", Map.of("guess-failures", 1))));
    Artifacts artifacts = new Artifacts();
    InspectionResult r = new LogsInspector().inspect(new InspectionContext(HostRoot.of(root), config, Clock.systemUTC(),
        InspectionContext.Options.once(), artifacts, List.of()));
    String mailerPath = "/var/www/vhosts/shop.test/httpdocs/css/css.php";

    Finding ftp = LogsInspectorTest.only(r, FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + USER);
    assertThat(ftp.evidence()).containsEntry("address", "127.0.0.2").containsEntry("uploaded-scripts", List.of(mailerPath));
    @SuppressWarnings("unchecked")
    List<String> ftpLines = (List<String>) ftp.evidence().get("lines");
    assertThat(ftpLines).anyMatch(l -> l.startsWith("/var/log/vsftpd.log:") && l.endsWith("[" + USER + "] FAIL LOGIN: Client \"127.0.0.2\""));
    assertThat(ftpLines).anyMatch(l -> l.startsWith("/var/log/xferlog:") && l.contains(" 127.0.0.2 ") && l.contains(" /httpdocs/css/css.php b _ i r " + USER + " ftp 0 * c"));

    Finding burst = LogsInspectorTest.only(r, FindingKind.POST_BURST, mailerPath);
    assertThat(burst.evidence()).containsEntry("posts", POSTS).containsEntry("clients", 1).containsEntry("top-clients", Map.of("127.0.0.3", POSTS))
        .containsEntry("domain", "shop.test").containsEntry("exists", true);
    assertThat(burst.reasons()).anyMatch(t -> t.en().startsWith("uploaded over FTP by " + USER + " from 127.0.0.2"));
    if (php) {
      assertThat(burst.evidence().get("statuses")).isEqualTo(Map.of("200", POSTS));
    }
    Finding attacker = LogsInspectorTest.only(r, FindingKind.ATTACKER_ADDRESS, "127.0.0.2");
    assertThat(attacker.evidence().get("uploads")).isEqualTo(List.of(mailerPath));
    assertThat(artifacts.get(LogIndex.class).orElseThrow().byAddress("127.0.0.4")).isEmpty(); // an ordinary GET is not kept
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void ensureUser() throws Exception {
    // vsftpd needs the home to exist; local_root then puts the session in the site's folder.
    Files.createDirectories(Path.of(HOME));
    if (run("id", USER) != 0) {
      assertThat(run("useradd", "--home-dir", HOME, "--shell", "/bin/bash", USER)).isZero();
    } else {
      assertThat(run("usermod", "--home", HOME, USER)).isZero();
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
}
