package dev.spamtrace.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * The one story every demo scene tells, so the queue, the files, the logs and the processes
 * agree: a Plesk server mid-outbreak. An old customer's FTP password leaked; an address abroad
 * logged in, uploaded a mailer into {@code css/} and shells into {@code images/}, and has been
 * POSTing to the mailer since. Times are relative to when the demo is built, so "recent" is
 * always recent.
 *
 * <p>Addresses are from the documentation ranges (RFC 5737) except where a scene needs one a
 * country database knows; no real party is accused.
 */
public final class DemoStory {
  private DemoStory() {}

  public static final String HOSTNAME = "sv42.hosting.example";
  public static final String SERVER_ADDRESS = "192.0.2.42";

  /** The customer whose FTP password leaked: a shop whose site has PHP. */
  public static final String SHOP_DOMAIN = "shop.example";
  public static final String SHOP_USER = "shopuser";
  public static final int SHOP_UID = 10001;

  /** An old html-only site the attacker also put PHP into. */
  public static final String OLD_DOMAIN = "oldsite.example";
  public static final String OLD_USER = "oldsite";
  public static final int OLD_UID = 10002;

  /** A customer who sends legitimate mail and was not touched. */
  public static final String CLEAN_DOMAIN = "bakery.example";
  public static final String CLEAN_USER = "bakery";
  public static final int CLEAN_UID = 10003;

  public static final String WEB_USER = "apache";
  public static final int WEB_UID = 48;

  /**
   * Where the attacker came from: abroad, so that GeoIP can tell (a documentation address has no
   * country). Demo only: 81.2.69.160 is the address MaxMind's own GeoIP documentation and test
   * databases use for the United Kingdom; no claim is made about its holder.
   */
  public static final String ATTACKER_ADDRESS = "81.2.69.160";

  /** The uploaded mailer, inside the shop's document root. */
  public static final String MAILER_DOCROOT_PATH = "css/css.php";

  /** When the outbreak started, relative to the demo's clock. */
  public static Instant uploadTime(Instant now) {
    return now.minus(Duration.ofHours(3));
  }

  public static Instant spamStart(Instant now) {
    return now.minus(Duration.ofMinutes(150));
  }

  public static String docroot(String domain) {
    return "/var/www/vhosts/" + domain + "/httpdocs";
  }
}
