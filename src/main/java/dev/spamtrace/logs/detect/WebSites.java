package dev.spamtrace.logs.detect;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which site a web log belongs to and where that site's files are: Plesk keeps
 * {@code /var/www/vhosts/system/DOMAIN/logs/} for {@code /var/www/vhosts/DOMAIN/httpdocs}; cPanel
 * names domlogs after the domain and lists document roots in {@code /etc/userdatadomains}.
 */
public final class WebSites {
  private static final Pattern PLESK = Pattern.compile("^/var/www/vhosts/system/([^/]+)/logs/[^/]+$");
  private static final Pattern CPANEL = Pattern.compile("^(?:/usr/local/apache|/etc/apache2/logs)/domlogs/(?:[^/]+/)?([^/]+?)(?:-ssl_log)?(?:\\.\\d+)?(?:-\\d{8,10})?(?:\\.gz)?$");

  private final HostRoot root;
  private final Map<String, String> cpanelDocroots = new HashMap<>();

  public WebSites(HostRoot root) {
    this.root = root;
    if (root.read("/etc/userdatadomains", 32 << 20) instanceof FileRead.Content c) {
      // "domain: user==owner==type==parent==/home/user/public_html==ip:port==…"
      for (String line : c.text().split("\n")) {
        int colon = line.indexOf(": ");
        if (colon <= 0) {
          continue;
        }
        String[] f = line.substring(colon + 2).split("==", -1);
        if (f.length > 4 && f[4].startsWith("/")) {
          cpanelDocroots.put(line.substring(0, colon), f[4]);
        }
      }
    }
  }

  /** The domain a log file is kept for, or null. */
  public static String domainOf(String serverPath) {
    Matcher m = PLESK.matcher(serverPath);
    if (m.matches()) {
      return m.group(1);
    }
    m = CPANEL.matcher(serverPath);
    return m.matches() ? m.group(1) : null;
  }

  /** The domain's document root as the server sees it, or null when it cannot be told. */
  public String docroot(String domain) {
    if (domain == null) {
      return null;
    }
    String cp = cpanelDocroots.get(domain);
    if (cp != null) {
      return cp;
    }
    for (String d : new String[] {"/var/www/vhosts/" + domain + "/httpdocs", "/var/www/vhosts/" + domain + "/httpsdocs"}) {
      try {
        if (Files.isDirectory(root.resolve(d), LinkOption.NOFOLLOW_LINKS)) {
          return d;
        }
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }
}
