package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.*;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The logs of the story, as a Plesk server on RHEL writes them: ProFTPD's logins in
 * {@code /var/log/secure} (months of the customer's own logins from Japan, then a failed and a
 * successful login from the attacker abroad) and its transfers in {@code /var/log/plesk/xferlog}
 * (the mailer into {@code css/}, shells into {@code images/}, a mailer into the old site);
 * the shop's {@code access_log} (ordinary visits, then hundreds of POSTs to {@code /css/css.php}
 * from a few addresses); and {@code /var/log/maillog} (Postfix picking up PHP mail() as apache,
 * deferred, beside a customer's ordinary authenticated mail).
 */
final class LogScene implements DemoScene {
  /** The shop owner's own address at home in Japan (demo only; a residential range the database places in JP). */
  static final String CUSTOMER_ADDRESS = "126.0.44.12";
  /** Clients that drive the mailer (documentation ranges: no country, no real party). */
  static final String[] POST_CLIENTS = {"198.51.100.23", "198.51.100.77", "203.0.113.9", "203.0.113.120", "192.0.2.200"};
  static final int POSTS = 600;

  private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
  private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  @Override
  public void build(DemoServer s) throws IOException {
    ZoneId zone = ZoneId.of("Asia/Tokyo");
    if (!Files.exists(s.path("/etc/timezone"))) {
      s.write("/etc/timezone", zone.getId() + "\n", s.now().minus(Duration.ofDays(2400)));
    } else {
      zone = ZoneId.of(Files.readString(s.path("/etc/timezone")).trim());
    }
    Instant now = s.now();
    Instant upload = uploadTime(now);
    Instant spam = spamStart(now);
    String host = HOSTNAME.substring(0, HOSTNAME.indexOf('.'));

    // ProFTPD through syslog, as Plesk on RHEL has it.
    StringBuilder secure = new StringBuilder();
    int pid = 21000;
    for (int d = 60; d >= 3; d -= 9) {
      Instant t = now.minus(Duration.ofDays(d)).minus(Duration.ofHours(5));
      proftpd(secure, zone, t, host, ++pid, CUSTOMER_ADDRESS, "FTP session opened.");
      proftpd(secure, zone, t.plusSeconds(2), host, pid, CUSTOMER_ADDRESS, "USER " + SHOP_USER + ": Login successful.");
      proftpd(secure, zone, t.plusSeconds(300), host, pid, CUSTOMER_ADDRESS, "FTP session closed.");
    }
    Instant guess = upload.minus(Duration.ofMinutes(4));
    proftpd(secure, zone, guess, host, ++pid, ATTACKER_ADDRESS, "FTP session opened.");
    proftpd(secure, zone, guess.plusSeconds(3), host, pid, ATTACKER_ADDRESS, "USER " + SHOP_USER + " (Login failed): Incorrect password");
    proftpd(secure, zone, guess.plusSeconds(9), host, pid, ATTACKER_ADDRESS, "FTP session closed.");
    Instant in = upload.minus(Duration.ofMinutes(1));
    proftpd(secure, zone, in, host, ++pid, ATTACKER_ADDRESS, "FTP session opened.");
    proftpd(secure, zone, in.plusSeconds(2), host, pid, ATTACKER_ADDRESS, "USER " + SHOP_USER + ": Login successful.");
    proftpd(secure, zone, upload.plusSeconds(40), host, pid, ATTACKER_ADDRESS, "FTP session closed.");
    Instant old = upload.plus(Duration.ofMinutes(6));
    proftpd(secure, zone, old, host, ++pid, ATTACKER_ADDRESS, "FTP session opened.");
    proftpd(secure, zone, old.plusSeconds(2), host, pid, ATTACKER_ADDRESS, "USER " + OLD_USER + ": Login successful.");
    proftpd(secure, zone, old.plusSeconds(30), host, pid, ATTACKER_ADDRESS, "FTP session closed.");
    s.write("/var/log/secure", secure.toString(), now);

    // ProFTPD's TransferLog (absolute paths).
    StringBuilder xfer = new StringBuilder();
    for (int d = 60; d >= 3; d -= 9) {
      Instant t = now.minus(Duration.ofDays(d)).minus(Duration.ofHours(5)).plusSeconds(60);
      xferlog(xfer, zone, t, CUSTOMER_ADDRESS, 2210, docroot(SHOP_DOMAIN) + "/css/style.css", SHOP_USER);
    }
    xferlog(xfer, zone, upload, ATTACKER_ADDRESS, 1316, docroot(SHOP_DOMAIN) + "/" + MAILER_DOCROOT_PATH, SHOP_USER);
    xferlog(xfer, zone, upload.plusSeconds(12), ATTACKER_ADDRESS, 48211, docroot(SHOP_DOMAIN) + "/images/c0nfig.php", SHOP_USER);
    xferlog(xfer, zone, upload.plusSeconds(15), ATTACKER_ADDRESS, 903, docroot(SHOP_DOMAIN) + "/images/db.php", SHOP_USER);
    xferlog(xfer, zone, old.plusSeconds(10), ATTACKER_ADDRESS, 2871, docroot(OLD_DOMAIN) + "/mail/stats34.php", OLD_USER);
    s.write("/var/log/plesk/xferlog", xfer.toString(), now);

    // The shop's access log: ordinary visits, the attacker trying its shell, then the mailer driven by POSTs.
    StringBuilder access = new StringBuilder();
    String browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0";
    for (int i = 0; i < 40; i++) {
      Instant t = now.minus(Duration.ofHours(20)).plus(Duration.ofMinutes(25L * i));
      access(access, zone, t, "198.51.100." + (10 + i % 7), "GET", i % 3 == 0 ? "/" : "/contact.php", 200, 5120, browser);
    }
    access(access, zone, upload.plusSeconds(50), ATTACKER_ADDRESS, "GET", "/images/c0nfig.php", 200, 812, "Mozilla/5.0");
    access(access, zone, upload.plusSeconds(55), ATTACKER_ADDRESS, "POST", "/images/c0nfig.php", 200, 1290, "Mozilla/5.0");
    for (int i = 0; i < POSTS; i++) {
      Instant t = spam.plusMillis(i * (Duration.ofMinutes(140).toMillis() / POSTS));
      String ua = i == 7 ? "<script>alert('ua')</script>" : "Mozilla/5.0 (X11; Linux x86_64)";
      access(access, zone, t, POST_CLIENTS[i % POST_CLIENTS.length], "POST", "/" + MAILER_DOCROOT_PATH, 200, 17, ua);
    }
    s.write("/var/www/vhosts/system/" + SHOP_DOMAIN + "/logs/access_log", access.toString(), now);

    // The mail log: the mailer's PHP mail() calls picked up as apache and deferred; the bakery's own mail.
    StringBuilder mail = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      Instant t = now.minus(Duration.ofHours(30)).plus(Duration.ofHours(i));
      String id = String.format(Locale.ROOT, "4B%09X", 0x1000 + i);
      syslog(mail, zone, t, host, "postfix/smtpd[3" + (100 + i) + "]", id + ": client=unknown[" + CUSTOMER_ADDRESS + "], sasl_method=PLAIN, sasl_username=info@" + CLEAN_DOMAIN);
      syslog(mail, zone, t.plusSeconds(1), host, "postfix/qmgr[2210]", id + ": from=<info@" + CLEAN_DOMAIN + ">, size=2210, nrcpt=1 (queue active)");
      syslog(mail, zone, t.plusSeconds(2), host, "postfix/smtp[3" + (200 + i) + "]", id + ": to=<orders@flour.example>, relay=mx.flour.example[198.51.100.80]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
    }
    for (int i = 0; i < POSTS; i++) {
      Instant t = spam.plusMillis(i * (Duration.ofMinutes(140).toMillis() / POSTS)).plusMillis(300);
      String id = String.format(Locale.ROOT, "7C%09X", 0x20000 + i);
      String from = new String[] {"info", "sales", "support", "billing", "noreply"}[i % 5] + "@" + SHOP_DOMAIN;
      syslog(mail, zone, t, host, "postfix/pickup[2209]", id + ": uid=" + WEB_UID + " from=<" + from + ">");
      syslog(mail, zone, t, host, "postfix/qmgr[2210]", id + ": from=<" + from + ">, size=1410, nrcpt=1 (queue active)");
      syslog(mail, zone, t.plusSeconds(5), host, "postfix/smtp[4" + (i % 90) + "]", id + ": to=<victim" + (1000 + i) + "@example.net>, relay=none, delay=5, delays=0.1/0/5/0, dsn=4.4.1, status=deferred (connect to mx.example.net[198.51.100.99]:25: Connection timed out)");
    }
    s.write("/var/log/maillog", mail.toString(), now);

    // The mailer itself, unless another scene placed a richer one.
    String mailer = docroot(SHOP_DOMAIN) + "/" + MAILER_DOCROOT_PATH;
    if (!Files.exists(s.path(mailer))) {
      s.write(mailer, "<?php\n// spamtrace demo: stands for the mailer uploaded over FTP; it does nothing.\n", upload);
      s.own(mailer, SHOP_UID, 1004);
    }
  }

  private static void syslog(StringBuilder b, ZoneId z, Instant t, String host, String tag, String msg) {
    b.append(SYSLOG.format(ZonedDateTime.ofInstant(t, z))).append(' ').append(host).append(' ').append(tag).append(": ").append(msg).append('\n');
  }

  private static void proftpd(StringBuilder b, ZoneId z, Instant t, String host, int pid, String client, String msg) {
    syslog(b, z, t, host, "proftpd[" + pid + "]", SERVER_ADDRESS + " (" + client + "[" + client + "]) - " + msg);
  }

  private static void xferlog(StringBuilder b, ZoneId z, Instant t, String client, long bytes, String path, String user) {
    b.append(CTIME.format(ZonedDateTime.ofInstant(t, z))).append(" 1 ").append(client).append(' ').append(bytes).append(' ').append(path)
        .append(" b _ i r ").append(user).append(" ftp 0 * c\n");
  }

  private static void access(StringBuilder b, ZoneId z, Instant t, String client, String method, String path, int status, int bytes, String ua) {
    b.append(client).append(" - - [").append(CLF.format(ZonedDateTime.ofInstant(t, z))).append("] \"").append(method).append(' ').append(path)
        .append(" HTTP/1.1\" ").append(status).append(' ').append(bytes).append(" \"-\" \"").append(ua).append("\"\n");
  }
}
