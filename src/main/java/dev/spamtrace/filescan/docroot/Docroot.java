package dev.spamtrace.filescan.docroot;

import java.util.List;

/**
 * A document root and who it belongs to.
 *
 * @param domain the site's domain as the server's configuration names it, or a label (the user,
 *     the folder) when nothing names one
 * @param path the document root as the server sees it, e.g. {@code /var/www/vhosts/shop.example/httpdocs}
 * @param source where it was found: {@code plesk}, {@code cpanel}, {@code apache}, {@code nginx},
 *     {@code var-www}, {@code glob}, {@code scan} (given on the command line)
 * @param owner the system user that owns the folder, or empty
 * @param ownerUid the owner's uid, or -1 when unknown
 * @param ftpAccounts FTP accounts whose home holds this document root (system users and the FTP
 *     servers' virtual users)
 * @param aliases other names the web server answers for it
 */
public record Docroot(String domain, String path, String source, String owner, int ownerUid, List<String> ftpAccounts,
    List<String> aliases) {

  public Docroot {
    ftpAccounts = List.copyOf(ftpAccounts);
    aliases = List.copyOf(aliases);
  }

  /** The path inside this document root of a server path under it ({@code css/css.php}), or empty. */
  public String relative(String serverPath) {
    String base = path.endsWith("/") ? path : path + "/";
    return serverPath.startsWith(base) ? serverPath.substring(base.length()) : "";
  }

  public boolean contains(String serverPath) {
    return serverPath.equals(path) || serverPath.startsWith(path.endsWith("/") ? path : path + "/");
  }
}
