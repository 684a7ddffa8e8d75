package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.*;

import dev.spamtrace.filescan.rules.RuleFile;
import dev.spamtrace.filescan.rules.RuleSet;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * What the attacker left in the document roots (field guide rows 6, 8, 9, 10): the mass mailer
 * uploaded over FTP as the shop's user ({@code css/css.php}), a FilesMan-style "Password:" shell
 * and two config look-alikes written through the web into {@code images/} (owned by the web
 * user), an empty {@code data.bin} beside them, the folder opened to 0777, and a packed mailer
 * dropped into the old html-only site. The files are the rule corpus's own defanged samples: each
 * exits before doing anything.
 */
final class WebShellScene implements DemoScene {
  @Override
  public void build(DemoServer s) throws IOException {
    Instant upload = uploadTime(s.now());
    Instant viaWeb = upload.plus(Duration.ofMinutes(12));
    String shop = docroot(SHOP_DOMAIN);
    String mailer = shop + "/" + MAILER_DOCROOT_PATH;
    s.write(mailer, sample("mailer", "single-shot-relay"), upload);
    s.own(mailer, SHOP_UID, 1004);

    String images = shop + "/images";
    s.write(images + "/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, s.now().minus(Duration.ofDays(900)));
    s.write(images + "/thumb.php", sample("filesman-wso", "wso-2.5-plain"), viaWeb);
    s.write(images + "/c0nfig.php", sample("chopper", "through-a-variable"), viaWeb.plus(Duration.ofMinutes(1)));
    s.write(images + "/db.php", sample("uploader", "bare-uploader"), viaWeb.plus(Duration.ofMinutes(2)));
    s.write(images + "/data.bin", new byte[0], viaWeb.plus(Duration.ofMinutes(2)));
    for (String f : new String[] {"/thumb.php", "/c0nfig.php", "/db.php", "/data.bin"}) {
      s.own(images + f, WEB_UID, WEB_UID);
    }
    s.own(images + "/logo.png", SHOP_UID, 1004);
    s.own(images, SHOP_UID, 1004);
    s.mode(images, "rwxrwxrwx");
    s.own(shop, SHOP_UID, 1004);
    s.own(shop + "/css", SHOP_UID, 1004);

    String old = docroot(OLD_DOMAIN);
    s.write(old + "/mail/stats34.php", sample("mailer", "packed-relay"), upload.plus(Duration.ofMinutes(5)));
    s.own(old + "/mail/stats34.php", OLD_UID, 1004);
    s.own(old, OLD_UID, 1004);
  }

  private static String sample(String family, String name) {
    for (RuleFile f : RuleSet.bundled().files()) {
      if (f.family().equals(family)) {
        for (RuleFile.Sample x : f.samples()) {
          if (x.name().equals(name)) {
            return x.content();
          }
        }
      }
    }
    throw new IllegalStateException("no sample " + family + "/" + name + " in the rule corpus");
  }
}
