package dev.spamtrace.filescan.docroot;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /etc/passwd} (passwd(5)) and the files FTP servers keep in the same shape (Pure-FTPd's
 * {@code pureftpd.passwd}, cPanel's {@code /etc/proftpd/USER}): {@code name:password:uid:gid:gecos:home:shell}.
 * Pure: text in, accounts out; a malformed line is skipped.
 */
public final class PasswdFile {
  private PasswdFile() {}

  /** One account. */
  public record Account(String name, int uid, int gid, String home) {}

  public static List<Account> parse(String text) {
    List<Account> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(":", -1);
      if (f.length < 6 || f[0].isEmpty()) {
        continue;
      }
      try {
        out.add(new Account(f[0], Integer.parseInt(f[2].strip()), Integer.parseInt(f[3].strip()), f[5].strip()));
      } catch (NumberFormatException e) {
        // not an account line
      }
    }
    return out;
  }
}
