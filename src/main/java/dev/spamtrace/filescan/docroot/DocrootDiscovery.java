package dev.spamtrace.filescan.docroot;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the document roots under a root and who owns them: Plesk ({@code /var/www/vhosts/DOMAIN/httpdocs},
 * its subdomain and addon folders, its per-domain Apache configuration under
 * {@code /var/www/vhosts/system/DOMAIN/conf/}), cPanel ({@code /var/cpanel/userdata/USER/DOMAIN},
 * {@code /home/USER/public_html}), Apache and nginx virtual hosts on Debian and RHEL, {@code /var/www/*},
 * and configured globs. Each is mapped to its domain, the system user owning it and the FTP
 * accounts whose home holds it. Reads only; every file that could not be read is a gap.
 */
public final class DocrootDiscovery {
  private static final long MAX_CONFIG = 4 << 20;
  /** Plesk's own folders under /var/www/vhosts that are not domains. */
  private static final Set<String> PLESK_NOT_DOMAINS = Set.of("system", "default", "chroot", "fs", "fs-passwd", ".skel", "vhosts");
  private static final List<String> APACHE_DIRS = List.of("/etc/apache2/sites-enabled", "/etc/apache2/conf.d", "/etc/httpd/conf.d",
      "/etc/httpd/conf.d/vhosts", "/usr/local/apache/conf/userdata", "/etc/apache2/conf/userdata");
  private static final List<String> APACHE_FILES = List.of("/etc/httpd/conf/httpd.conf", "/etc/apache2/apache2.conf",
      "/etc/apache2/conf/httpd.conf", "/usr/local/apache/conf/httpd.conf");
  private static final List<String> NGINX_DIRS = List.of("/etc/nginx/sites-enabled", "/etc/nginx/conf.d", "/etc/nginx/plesk.conf.d/vhosts");
  /** FTP servers' own user files in passwd shape. */
  private static final List<String> FTP_USER_FILES = List.of("/etc/pure-ftpd/pureftpd.passwd", "/etc/pureftpd.passwd");

  private final HostRoot root;
  private final List<String> globs;
  private final int systemUidMax;
  private final List<String> gaps = new ArrayList<>();

  public DocrootDiscovery(HostRoot root, List<String> globs, int systemUidMax) {
    this.root = root;
    this.globs = List.copyOf(globs);
    this.systemUidMax = systemUidMax;
  }

  /** What could not be read while discovering (server path: reason). */
  public List<String> gaps() {
    return gaps;
  }

  private record Found(String domain, String path, String source, List<String> aliases, String user) {}

  public Docroots discover() {
    Map<String, Found> found = new LinkedHashMap<>();
    plesk(found);
    cpanel(found);
    webServers(found);
    varWww(found);
    globs(found);
    List<PasswdFile.Account> system = accounts("/etc/passwd");
    List<PasswdFile.Account> ftpOnly = new ArrayList<>();
    for (String f : FTP_USER_FILES) {
      ftpOnly.addAll(accounts(f));
    }
    for (String name : list("/etc/proftpd")) {
      // cPanel keeps one passwd-shaped file of FTP accounts per user here.
      if (!name.contains(".")) {
        ftpOnly.addAll(accounts("/etc/proftpd/" + name));
      }
    }
    List<Docroot> out = new ArrayList<>();
    for (Found f : found.values()) {
      Path local = root.resolveNoFollow(f.path);
      int uid = -1;
      try {
        uid = (Integer) Files.getAttribute(local, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        // owner unknown
      }
      final int ownerUid = uid;
      String owner = system.stream().filter(a -> a.uid() == ownerUid).map(PasswdFile.Account::name).findFirst()
          .orElse(f.user == null ? "" : f.user);
      List<String> ftp = new ArrayList<>();
      for (PasswdFile.Account a : system) {
        if (a.uid() > systemUidMax && holds(a.home(), f.path) && !ftp.contains(a.name())) {
          ftp.add(a.name());
        }
      }
      for (PasswdFile.Account a : ftpOnly) {
        if (holds(a.home(), f.path) && !ftp.contains(a.name())) {
          ftp.add(a.name());
        }
      }
      out.add(new Docroot(f.domain, f.path, f.source, owner, ownerUid, ftp, f.aliases));
    }
    return new Docroots(out);
  }

  /** An FTP home holds a docroot when the docroot is the home or below it (chrooted FTP users see only their home). */
  private static boolean holds(String home, String docroot) {
    if (home == null || home.isEmpty() || home.equals("/")) {
      return false;
    }
    String h = home.endsWith("/") ? home.substring(0, home.length() - 1) : home;
    // Pure-FTPd marks the chroot point with "/./".
    h = h.replace("/./", "/");
    return docroot.equals(h) || docroot.startsWith(h + "/");
  }

  private void add(Map<String, Found> found, String domain, String path, String source, List<String> aliases, String user) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (!p.startsWith("/") || found.containsKey(p)) {
      return;
    }
    if (!isDirectory(p)) {
      return;
    }
    found.put(p, new Found(domain, p, source, aliases, user));
  }

  private void plesk(Map<String, Found> found) {
    // Configured docroots first: Plesk's generated Apache configuration names each site's DocumentRoot.
    for (String domain : list("/var/www/vhosts/system")) {
      for (String conf : List.of("httpd.conf", "last_httpd.conf")) {
        String file = "/var/www/vhosts/system/" + domain + "/conf/" + conf;
        readText(file).ifPresent(t -> {
          for (WebServerConfig.Site s : WebServerConfig.apache(t)) {
            add(found, s.serverName().isEmpty() ? domain : s.serverName(), s.docroot(), "plesk", s.aliases(), s.user());
          }
        });
      }
    }
    for (String domain : list("/var/www/vhosts")) {
      if (PLESK_NOT_DOMAINS.contains(domain) || domain.startsWith(".")) {
        continue;
      }
      String base = "/var/www/vhosts/" + domain;
      add(found, domain, base + "/httpdocs", "plesk", List.of(), "");
      add(found, domain, base + "/httpsdocs", "plesk", List.of(), "");
      for (String sub : list(base + "/subdomains")) {
        add(found, sub + "." + domain, base + "/subdomains/" + sub + "/httpdocs", "plesk", List.of(), "");
      }
      // Plesk 12+ keeps subdomain and additional domain docroots as /var/www/vhosts/DOMAIN/OTHER.DOMAIN.
      for (String child : list(base)) {
        if (child.contains(".") && !child.startsWith(".") && isDirectory(base + "/" + child)) {
          add(found, child, base + "/" + child, "plesk", List.of(), "");
        }
      }
    }
  }

  private void cpanel(Map<String, Found> found) {
    for (String user : list("/var/cpanel/userdata")) {
      for (String f : list("/var/cpanel/userdata/" + user)) {
        if (f.equals("main") || f.endsWith(".cache") || f.endsWith(".json") || f.contains("_SSL") || f.endsWith(".yaml")) {
          continue;
        }
        readText("/var/cpanel/userdata/" + user + "/" + f).ifPresent(t -> {
          WebServerConfig.Site s = WebServerConfig.cpanelUserdata(t);
          if (s != null) {
            add(found, s.serverName().isEmpty() ? f : s.serverName(), s.docroot(), "cpanel", s.aliases(), s.user().isEmpty() ? user : s.user());
          }
        });
      }
    }
    for (String user : list("/home")) {
      add(found, user, "/home/" + user + "/public_html", "cpanel", List.of(), user);
    }
  }

  private void webServers(Map<String, Found> found) {
    List<String> apacheFiles = new ArrayList<>(APACHE_FILES);
    for (String d : APACHE_DIRS) {
      for (String n : list(d)) {
        apacheFiles.add(d + "/" + n);
      }
    }
    for (String f : apacheFiles) {
      readText(f).ifPresent(t -> {
        for (WebServerConfig.Site s : WebServerConfig.apache(t)) {
          add(found, s.serverName().isEmpty() ? lastName(s.docroot()) : s.serverName(), s.docroot(), "apache", s.aliases(), s.user());
        }
      });
    }
    for (String d : NGINX_DIRS) {
      for (String n : list(d)) {
        readText(d + "/" + n).ifPresent(t -> {
          for (WebServerConfig.Site s : WebServerConfig.nginx(t)) {
            add(found, s.serverName().isEmpty() ? lastName(s.docroot()) : s.serverName(), s.docroot(), "nginx", s.aliases(), "");
          }
        });
      }
    }
  }

  private void varWww(Map<String, Found> found) {
    for (String n : list("/var/www")) {
      if (n.equals("vhosts") || n.startsWith(".")) {
        continue;
      }
      String p = "/var/www/" + n;
      // Debian's /var/www/html, or /var/www/SITE with its own htdocs/public_html/public.
      boolean nested = false;
      for (String sub : List.of("htdocs", "public_html", "public", "web", "httpdocs")) {
        if (isDirectory(p + "/" + sub)) {
          add(found, n, p + "/" + sub, "var-www", List.of(), "");
          nested = true;
        }
      }
      if (!nested && !found.keySet().stream().anyMatch(k -> k.startsWith(p + "/"))) {
        add(found, n, p, "var-www", List.of(), "");
      }
    }
  }

  private void globs(Map<String, Found> found) {
    for (String g : globs) {
      for (String p : expand(g)) {
        add(found, lastName(p), p, "glob", List.of(), "");
      }
    }
  }

  /** Expands '*' in whole path components, listing folders under the root. */
  List<String> expand(String glob) {
    List<String> current = List.of("");
    for (String part : glob.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>();
      for (String c : current) {
        if (part.contains("*") || part.contains("?")) {
          java.util.regex.Pattern re = java.util.regex.Pattern.compile(
              ("\\Q" + part + "\\E").replace("*", "\\E[^/]*\\Q").replace("?", "\\E[^/]\\Q"));
          for (String n : list(c.isEmpty() ? "/" : c)) {
            if (re.matcher(n).matches()) {
              next.add(c + "/" + n);
            }
          }
        } else {
          next.add(c + "/" + part);
        }
      }
      current = next;
    }
    return current.stream().filter(this::isDirectory).toList();
  }

  private static String lastName(String path) {
    int i = path.lastIndexOf('/');
    return i >= 0 ? path.substring(i + 1) : path;
  }

  private boolean isDirectory(String serverPath) {
    try {
      // Follow links only inside the root: a docroot may itself be a symlink to another folder of the server.
      return Files.isDirectory(root.resolve(serverPath));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<String> list(String serverDir) {
    try {
      return root.list(serverDir);
    } catch (IOException | RuntimeException e) {
      gaps.add(serverDir + ": cannot be listed: " + e.getMessage());
      return List.of();
    }
  }

  private List<PasswdFile.Account> accounts(String file) {
    return readText(file).map(PasswdFile::parse).orElse(List.of());
  }

  private Optional<String> readText(String serverPath) {
    FileRead r;
    try {
      r = root.read(serverPath, MAX_CONFIG);
    } catch (RuntimeException e) {
      gaps.add(serverPath + ": " + e.getMessage());
      return Optional.empty();
    }
    if (r instanceof FileRead.Content c) {
      return Optional.of(c.text());
    }
    if (r instanceof FileRead.Unreadable u) {
      gaps.add(serverPath + ": " + u.reason());
    }
    return Optional.empty();
  }
}
