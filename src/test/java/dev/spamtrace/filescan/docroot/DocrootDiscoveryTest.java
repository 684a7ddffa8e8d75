package dev.spamtrace.filescan.docroot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocrootDiscoveryTest {
  @TempDir Path root;

  void write(String serverPath, String text) throws Exception {
    Path p = root.resolve(serverPath.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  void mkdir(String serverPath) throws Exception {
    Files.createDirectories(root.resolve(serverPath.substring(1)));
  }

  @Test
  void findsPleskCpanelApacheNginxVarWwwAndGlobsWithOwnersAndFtpAccounts() throws Exception {
    write("/etc/passwd", """
        root:x:0:0:root:/root:/bin/bash
        apache:x:48:48::/usr/share/httpd:/sbin/nologin
        shopuser:x:10001:1004::/var/www/vhosts/shop.example:/bin/false
        alice:x:10010:10010::/home/alice:/bin/bash
        """);
    write("/etc/pure-ftpd/pureftpd.passwd", "webmaster:$1$x:10001:1004::/var/www/vhosts/shop.example/./httpdocs/:/bin/false\n");
    mkdir("/var/www/vhosts/shop.example/httpdocs/css");
    mkdir("/var/www/vhosts/shop.example/blog.shop.example");
    mkdir("/var/www/vhosts/shop.example/subdomains/old/httpdocs");
    mkdir("/var/www/vhosts/system/shop.example/conf");
    mkdir("/var/www/vhosts/default/htdocs");
    mkdir("/var/www/vhosts/custom-root/site");
    write("/var/www/vhosts/system/custom.example/conf/httpd.conf",
        "<VirtualHost *:80>\nServerName custom.example\nDocumentRoot /var/www/vhosts/custom-root/site\n</VirtualHost>\n");
    mkdir("/home/alice/public_html/addon.example");
    write("/var/cpanel/userdata/alice/addon.example", "documentroot: /home/alice/public_html/addon.example\nservername: addon.example\nuser: alice\n");
    mkdir("/srv/www/blog/public");
    write("/etc/nginx/sites-enabled/blog", "server { server_name blog.example; root /srv/www/blog/public; }\n");
    mkdir("/srv/legacy/site");
    write("/etc/apache2/sites-enabled/legacy.conf", "<VirtualHost *:80>\nServerName legacy.example\nDocumentRoot /srv/legacy/site\n</VirtualHost>\n");
    mkdir("/var/www/html");
    mkdir("/opt/sites/one/htdocs");
    mkdir("/opt/sites/two/htdocs");
    Files.setAttribute(root.resolve("var/www/vhosts/shop.example/httpdocs"), "unix:uid", 10001);

    DocrootDiscovery d = new DocrootDiscovery(HostRoot.of(root), List.of("/opt/sites/*/htdocs"), 999);
    Docroots found = d.discover();

    assertThat(found.roots()).extracting(Docroot::path).contains(
        "/var/www/vhosts/shop.example/httpdocs", "/var/www/vhosts/shop.example/blog.shop.example",
        "/var/www/vhosts/shop.example/subdomains/old/httpdocs", "/var/www/vhosts/custom-root/site",
        "/home/alice/public_html/addon.example", "/home/alice/public_html", "/srv/www/blog/public", "/srv/legacy/site",
        "/var/www/html", "/opt/sites/one/htdocs", "/opt/sites/two/htdocs");
    assertThat(found.roots()).extracting(Docroot::path).doesNotContain("/var/www/vhosts/default/htdocs");
    Docroot shop = found.owning("/var/www/vhosts/shop.example/httpdocs/css/css.php").orElseThrow();
    assertThat(shop.domain()).isEqualTo("shop.example");
    assertThat(shop.source()).isEqualTo("plesk");
    assertThat(shop.owner()).isEqualTo("shopuser");
    assertThat(shop.ftpAccounts()).containsExactly("shopuser", "webmaster");
    assertThat(found.ofFtpAccount("webmaster")).extracting(Docroot::path).containsExactly("/var/www/vhosts/shop.example/httpdocs");
    assertThat(found.owning("/var/www/vhosts/custom-root/site/x.php").orElseThrow().domain()).isEqualTo("custom.example");
    Docroot addon = found.owning("/home/alice/public_html/addon.example/index.php").orElseThrow();
    assertThat(addon.domain()).isEqualTo("addon.example");
    assertThat(addon.ftpAccounts()).containsExactly("alice");
    assertThat(found.owning("/srv/www/blog/public/a.php").orElseThrow().domain()).isEqualTo("blog.example");
    assertThat(found.owning("/srv/legacy/site/a.php").orElseThrow().source()).isEqualTo("apache");
    assertThat(found.ofDomain("old.shop.example")).hasSize(1);
  }

  @Test
  void aSymlinkedDocrootPointingOutOfTheRootStaysInside() throws Exception {
    mkdir("/var/www/vhosts/evil.example");
    Files.createSymbolicLink(root.resolve("var/www/vhosts/evil.example/httpdocs"), Path.of("/etc"));
    Docroots found = new DocrootDiscovery(HostRoot.of(root), List.of(), 999).discover();
    // /etc under the root does not exist: the link is read inside the root and leads nowhere.
    assertThat(found.roots()).extracting(Docroot::path).doesNotContain("/var/www/vhosts/evil.example/httpdocs");
  }
}
