package dev.spamtrace.filescan.docroot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebServerConfigTest {
  @Test
  void apacheVirtualHostsAsPleskWritesThem() {
    String conf = """
        # ATTENTION! DO NOT MODIFY THIS FILE BECAUSE IT WAS GENERATED AUTOMATICALLY
        <VirtualHost 192.0.2.42:80 >
        \tServerName "shop.example:80"
        \tServerAlias "www.shop.example"
        \tServerAlias "ipv4.shop.example"
        \tServerAdmin "info@shop.example"
        \tUseCanonicalName Off
        \tDocumentRoot "/var/www/vhosts/shop.example/httpdocs"
        \tCustomLog /var/www/vhosts/system/shop.example/logs/access_log plesklog
        \t<IfModule mod_suexec.c>
        \t\tSuexecUserGroup "shopuser" "psacln"
        \t</IfModule>
        </VirtualHost>
        <VirtualHost *:443>
        ServerName shop.example
        DocumentRoot /var/www/vhosts/shop.example/httpdocs/
        </VirtualHost>
        """;
    List<WebServerConfig.Site> sites = WebServerConfig.apache(conf);
    assertThat(sites).hasSize(2);
    assertThat(sites.get(0)).isEqualTo(new WebServerConfig.Site("shop.example", List.of("www.shop.example", "ipv4.shop.example"),
        "/var/www/vhosts/shop.example/httpdocs", "shopuser"));
    assertThat(sites.get(1).docroot()).isEqualTo("/var/www/vhosts/shop.example/httpdocs");
  }

  @Test
  void nginxServerBlocksIgnoringLocationRoots() {
    String conf = """
        server {
            listen 80;
            server_name blog.example www.blog.example; # the blog
            root /srv/www/blog/public;
            location /static/ { root /srv/static; }
            location ~ \\.php$ { include snippets/fastcgi-php.conf; }
        }
        server { listen 80 default_server; server_name _; root /var/www/html; }
        """;
    List<WebServerConfig.Site> sites = WebServerConfig.nginx(conf);
    assertThat(sites).extracting(WebServerConfig.Site::serverName, WebServerConfig.Site::docroot)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("blog.example", "/srv/www/blog/public"),
            org.assertj.core.groups.Tuple.tuple("", "/var/www/html"));
    assertThat(sites.get(0).aliases()).containsExactly("www.blog.example");
  }

  @Test
  void cpanelUserdata() {
    String ud = """
        ---
        customlog:
          - format: combined
            target: /etc/apache2/logs/domlogs/addon.example
        documentroot: /home/alice/public_html/addon.example
        group: alice
        serveralias: www.addon.example mail.addon.example
        servername: addon.example
        user: alice
        """;
    WebServerConfig.Site s = WebServerConfig.cpanelUserdata(ud);
    assertThat(s).isEqualTo(new WebServerConfig.Site("addon.example", List.of("www.addon.example", "mail.addon.example"),
        "/home/alice/public_html/addon.example", "alice"));
  }

  @Test
  void passwdAndFtpUserFiles() {
    List<PasswdFile.Account> a = PasswdFile.parse("""
        root:x:0:0:root:/root:/bin/bash
        shopuser:x:10001:1004::/var/www/vhosts/shop.example:/bin/false
        broken line
        ftpshop:$1$abc:10001:1004::/var/www/vhosts/shop.example/./httpdocs:/bin/false::::::
        """);
    assertThat(a).extracting(PasswdFile.Account::name).containsExactly("root", "shopuser", "ftpshop");
    assertThat(a.get(2).home()).isEqualTo("/var/www/vhosts/shop.example/./httpdocs");
  }
}
