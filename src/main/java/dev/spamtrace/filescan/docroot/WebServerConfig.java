package dev.spamtrace.filescan.docroot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The virtual hosts of Apache (httpd.conf, sites-enabled, Plesk's per-domain
 * {@code /var/www/vhosts/system/DOMAIN/conf/httpd.conf}), nginx ({@code server} blocks) and
 * cPanel's userdata files. Pure: configuration text in, sites out. Only what names a site is read
 * (ServerName, ServerAlias, DocumentRoot, the suexec user; nginx server_name and root; cPanel's
 * documentroot, servername, user); includes are not followed (each file is read on its own).
 */
public final class WebServerConfig {
  private WebServerConfig() {}

  /** One site as a web server configures it. */
  public record Site(String serverName, List<String> aliases, String docroot, String user) {}

  /** Apache: one site per {@code <VirtualHost>} block with a DocumentRoot. */
  public static List<Site> apache(String text) {
    List<Site> out = new ArrayList<>();
    String name = null;
    String root = null;
    String user = null;
    List<String> aliases = new ArrayList<>();
    boolean inVhost = false;
    for (String raw : text.split("\n")) {
      String l = raw.strip();
      if (l.startsWith("#") || l.isEmpty()) {
        continue;
      }
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("<virtualhost")) {
        inVhost = true;
        name = null;
        root = null;
        user = null;
        aliases = new ArrayList<>();
      } else if (lower.startsWith("</virtualhost")) {
        if (root != null) {
          out.add(new Site(name == null ? "" : name, aliases, root, user == null ? "" : user));
        }
        inVhost = false;
      } else if (inVhost) {
        String[] w = words(l);
        if (w.length < 2) {
          continue;
        }
        switch (w[0].toLowerCase(Locale.ROOT)) {
          case "servername" -> name = hostOnly(w[1]);
          case "serveralias" -> {
            for (int i = 1; i < w.length; i++) {
              aliases.add(hostOnly(w[i]));
            }
          }
          case "documentroot" -> root = stripSlash(w[1]);
          case "suexecusergroup", "assignuserid" -> user = w[1];
          default -> { }
        }
      }
    }
    return out;
  }

  /** nginx: one site per {@code server} block with a {@code root}. */
  public static List<Site> nginx(String text) {
    List<Site> out = new ArrayList<>();
    // Strip comments, then walk braces: a server block is "server {" at any depth.
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      b.append(hash >= 0 ? line.substring(0, hash) : line).append('\n');
    }
    String s = b.toString();
    int i = 0;
    while (true) {
      int at = indexOfWord(s, "server", i);
      if (at < 0) {
        break;
      }
      int open = at + 6;
      while (open < s.length() && Character.isWhitespace(s.charAt(open))) {
        open++;
      }
      if (open >= s.length() || s.charAt(open) != '{') {
        i = at + 6;
        continue;
      }
      int depth = 0;
      int end = open;
      for (; end < s.length(); end++) {
        if (s.charAt(end) == '{') {
          depth++;
        } else if (s.charAt(end) == '}' && --depth == 0) {
          break;
        }
      }
      String body = s.substring(open + 1, Math.min(end, s.length()));
      String root = null;
      List<String> names = new ArrayList<>();
      int d = 0;
      StringBuilder stmt = new StringBuilder();
      for (int k = 0; k < body.length(); k++) {
        char c = body.charAt(k);
        if (c == '{') {
          d++;
          stmt.setLength(0);
        } else if (c == '}') {
          d--;
          stmt.setLength(0);
        } else if (c == ';') {
          if (d == 0) {
            // Only the server block's own directives, not those of its location blocks.
            String[] w = words(stmt.toString().strip());
            if (w.length >= 2 && w[0].equals("root")) {
              root = stripSlash(w[1]);
            } else if (w.length >= 2 && w[0].equals("server_name")) {
              for (int q = 1; q < w.length; q++) {
                if (!w[q].equals("_")) {
                  names.add(w[q]);
                }
              }
            }
          }
          stmt.setLength(0);
        } else {
          stmt.append(c);
        }
      }
      if (root != null) {
        out.add(new Site(names.isEmpty() ? "" : names.get(0), names.size() > 1 ? names.subList(1, names.size()) : List.of(), root, ""));
      }
      i = end + 1;
    }
    return out;
  }

  /** cPanel {@code /var/cpanel/userdata/USER/DOMAIN}: a small YAML file, read line by line. */
  public static Site cpanelUserdata(String text) {
    String name = "";
    String root = null;
    String user = "";
    List<String> aliases = new ArrayList<>();
    for (String line : text.split("\n")) {
      int c = line.indexOf(':');
      if (c < 0 || line.startsWith(" ") || line.startsWith("-")) {
        continue;
      }
      String k = line.substring(0, c).strip();
      String v = unquote(line.substring(c + 1).strip());
      switch (k) {
        case "documentroot" -> root = stripSlash(v);
        case "servername" -> name = v;
        case "user" -> user = v;
        case "serveralias" -> {
          for (String a : v.split("\\s+")) {
            if (!a.isEmpty()) {
              aliases.add(a);
            }
          }
        }
        default -> { }
      }
    }
    return root == null ? null : new Site(name, aliases, root, user);
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static int indexOfWord(String s, String w, int from) {
    int i = s.indexOf(w, from);
    while (i >= 0) {
      boolean before = i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_';
      boolean after = i + w.length() >= s.length() || !Character.isLetterOrDigit(s.charAt(i + w.length())) && s.charAt(i + w.length()) != '_';
      if (before && after) {
        return i;
      }
      i = s.indexOf(w, i + 1);
    }
    return -1;
  }

  private static String[] words(String l) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out.toArray(String[]::new);
  }

  private static String hostOnly(String s) {
    int colon = s.indexOf(':');
    return (colon > 0 ? s.substring(0, colon) : s).toLowerCase(Locale.ROOT);
  }

  private static String stripSlash(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
