package dev.spamtrace.logs.detect;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.util.HashMap;
import java.util.Map;

/**
 * Home folders of the root's accounts ({@code /etc/passwd}), to place a chroot-relative FTP path
 * (vsftpd writes {@code /httpdocs/css/css.php} for a user whose home is the site's folder).
 */
public final class ServerAccounts {
  private final Map<String, String> homes;

  public ServerAccounts(Map<String, String> homes) {
    this.homes = Map.copyOf(homes);
  }

  public static ServerAccounts read(HostRoot root) {
    Map<String, String> homes = new HashMap<>();
    try {
      if (root.read("/etc/passwd", 8 << 20) instanceof FileRead.Content c) {
        for (String line : c.text().split("\n")) {
          String[] f = line.split(":", -1);
          if (f.length >= 7 && !f[0].isEmpty() && f[5].startsWith("/")) {
            homes.put(f[0], f[5]);
          }
        }
      }
    } catch (RuntimeException e) {
      // no accounts: paths stay as logged
    }
    return new ServerAccounts(homes);
  }

  public String home(String user) {
    return user == null ? null : homes.get(user);
  }

  /**
   * The server path of a file an FTP daemon logged for an account: as logged when it is already
   * under the account's home (ProFTPD, Pure-FTPd), else below the home (vsftpd's chroot); doubled
   * slashes collapsed. Null when neither can be told.
   */
  public String serverPath(String user, String logged) {
    if (logged == null || !logged.startsWith("/")) {
      String home = home(user);
      return home == null || logged == null ? null : normal(home + "/" + logged);
    }
    String p = normal(logged);
    String home = home(user);
    if (home == null) {
      return p;
    }
    String h = normal(home);
    if (p.equals(h) || p.startsWith(h.endsWith("/") ? h : h + "/")) {
      return p;
    }
    return normal(h + "/" + p);
  }

  static String normal(String p) {
    String s = p.replaceAll("/{2,}", "/");
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
