package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.*;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The Postfix queue mid-outbreak, in Postfix's real on-disk format: a few thousand deferred
 * messages sent through the shop's uploaded {@code css/css.php} (X-PHP-Originating-Script with the
 * shop's uid, handed to Postfix by the web server's user), from the time the spam started until
 * now, to random addresses whose servers refuse or time out; and the bakery's legitimate order
 * mail waiting among them.
 */
final class MailQueueScene implements DemoScene {
  static final int SPAM = 2000;
  static final int BAKERY = 60;
  static final String QUEUE = "/var/spool/postfix";

  private static final String[] FROM = {"info", "sales", "support", "billing", "noreply"};
  private static final String[] TLD = {"com", "net", "org", "jp", "co.jp"};
  private static final String[] REASONS = {
    "connect to mx.example.com[192.0.2.25]:25: Connection timed out",
    "host mx.example.net[198.51.100.25] said: 421 4.7.0 Try again later (in reply to MAIL FROM command)",
    "host mx.example.org[203.0.113.25] said: 450 4.7.1 Client host rejected: cannot find your reverse hostname",
  };

  @Override
  public void build(DemoServer s) throws IOException {
    Path q = s.path(QUEUE);
    MailQueueLayouts.postfixSkeleton(q);
    Instant now = s.now();
    Instant start = spamStart(now);
    long span = Duration.between(start, now).getSeconds();
    String mailer = "/var/www/vhosts/" + SHOP_DOMAIN + "/httpdocs/" + MAILER_DOCROOT_PATH;
    for (int i = 0; i < SPAM; i++) {
      // The mailer speeds up after its first minutes, as the POSTs to it grow.
      Instant t = start.plusSeconds((long) (span * Math.sqrt((i + 1) / (double) SPAM)) - 1);
      String from = FROM[i % FROM.length] + "@" + SHOP_DOMAIN;
      String to = String.format(Locale.ROOT, "user%05d@mail%d.example.%s", (i * 7919) % 100000, i % 97, TLD[i % TLD.length]);
      String id = MailQueueLayouts.postfixId(i);
      List<String> h = MailQueueLayouts.phpMailHeaders(received(id, WEB_UID, t), to, "Your invoice #" + (10000 + i) + " is ready",
          "Shop <" + from + ">", SHOP_UID + ":" + Path.of(mailer).getFileName(), "PHP/7.4.33", "<" + id + "@" + HOSTNAME + ">", t);
      // php mail() passes -f for half of them; the rest get the web user's address.
      String sender = i % 2 == 0 ? from : WEB_USER + "@" + HOSTNAME;
      MailQueueLayouts.writePostfix(q, "deferred", id, new MailQueueLayouts.Message(sender, List.of(to), h,
          "Please find your invoice at http://" + SHOP_DOMAIN + "/inv/" + i + "\n", t, WEB_UID, WEB_USER, null, null,
          REASONS[i % REASONS.length]));
    }
    for (int i = 0; i < BAKERY; i++) {
      Instant t = now.minus(Duration.ofMinutes(5 + i * 7L));
      String to = "customer" + (i % 23) + "@example." + TLD[i % 3];
      String id = MailQueueLayouts.postfixId(SPAM + i);
      List<String> h = MailQueueLayouts.phpMailHeaders(received(id, CLEAN_UID, t), to, "Your order at " + CLEAN_DOMAIN,
          "Bakery <orders@" + CLEAN_DOMAIN + ">", null, null, "<" + id + "@" + HOSTNAME + ">", t);
      MailQueueLayouts.writePostfix(q, i % 10 == 0 ? "active" : "deferred", id, new MailQueueLayouts.Message("orders@" + CLEAN_DOMAIN,
          List.of(to), h, "Thank you for your order.\n", t, CLEAN_UID, CLEAN_USER, null, null, i % 10 == 0 ? null : REASONS[i % 3]));
    }
  }

  /** cleanup(8)'s Received header for a local submission. */
  static String received(String id, int uid, Instant t) {
    return "Received: by " + HOSTNAME + " (Postfix, from userid " + uid + ")\n\tid " + id + "; "
        + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC).format(t);
  }
}
