package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.*;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** The server itself: host name, accounts, and the customers' document roots as Plesk lays them out. */
final class PleskServerScene implements DemoScene {
  @Override
  public void build(DemoServer s) throws IOException {
    Instant old = s.now().minus(Duration.ofDays(2400));
    s.write("/etc/hostname", HOSTNAME + "\n", old);
    s.write("/etc/passwd", String.join("\n",
        "root:x:0:0:root:/root:/bin/bash",
        "bin:x:1:1:bin:/bin:/sbin/nologin",
        "daemon:x:2:2:daemon:/sbin:/sbin/nologin",
        "nobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin",
        "apache:x:" + WEB_UID + ":" + WEB_UID + ":Apache:/usr/share/httpd:/sbin/nologin",
        "postfix:x:89:89::/var/spool/postfix:/sbin/nologin",
        "psaadm:x:996:994:Plesk:/opt/psa/admin:/sbin/nologin",
        SHOP_USER + ":x:" + SHOP_UID + ":1004::/var/www/vhosts/" + SHOP_DOMAIN + ":/bin/false",
        OLD_USER + ":x:" + OLD_UID + ":1004::/var/www/vhosts/" + OLD_DOMAIN + ":/bin/false",
        CLEAN_USER + ":x:" + CLEAN_UID + ":1004::/var/www/vhosts/" + CLEAN_DOMAIN + ":/bin/false",
        "") , old);
    s.write("/etc/group", String.join("\n",
        "root:x:0:", "apache:x:" + WEB_UID + ":", "postfix:x:89:", "psacln:x:1004:", "psaserv:x:994:apache,psaadm", ""), old);

    // The shop: a small PHP site, with the mailer the attacker uploaded.
    String shop = docroot(SHOP_DOMAIN);
    s.write(shop + "/index.php", "<?php\nrequire __DIR__ . '/lib/shop.php';\nshop_render_home();\n", old);
    s.write(shop + "/lib/shop.php", "<?php\nfunction shop_render_home() {\n  echo '<h1>Welcome to our shop</h1>';\n}\n", old);
    s.write(shop + "/css/style.css", "body { font-family: sans-serif; }\n", old);
    s.write(shop + "/contact.php", "<?php\n$to = 'info@" + SHOP_DOMAIN + "';\nif ($_SERVER['REQUEST_METHOD'] === 'POST') {\n"
        + "  mail($to, 'Contact form', strip_tags($_POST['message'] ?? ''));\n}\n", old);
    for (String f : new String[] {"/index.php", "/lib/shop.php", "/css/style.css", "/contact.php"}) {
      s.own(shop + f, SHOP_UID, 1004);
    }

    // The old html-only site.
    String oldSite = docroot(OLD_DOMAIN);
    s.write(oldSite + "/index.html", "<html><body><h1>Old site</h1></body></html>\n", old);
    s.write(oldSite + "/about.html", "<html><body>About us</body></html>\n", old);
    s.write(oldSite + "/images/logo.gif", new byte[] {'G', 'I', 'F', '8', '9', 'a'}, old);

    // The bakery: untouched.
    String bakery = docroot(CLEAN_DOMAIN);
    s.write(bakery + "/index.html", "<html><body>Fresh bread daily</body></html>\n", old);

    for (String d : new String[] {SHOP_DOMAIN, OLD_DOMAIN, CLEAN_DOMAIN}) {
      s.mkdirs("/var/www/vhosts/system/" + d + "/logs");
    }
    s.mkdirs("/tmp");
    s.mkdirs("/var/tmp");
    s.mkdirs("/var/log");
  }
}
