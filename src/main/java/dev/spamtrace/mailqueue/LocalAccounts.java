package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.util.HashMap;
import java.util.Map;

/**
 * The root's own {@code /etc/passwd} (a container's users are not the hardware node's), read to
 * name the uids the queue gives: the submitter's uid, the script owner's uid.
 */
public final class LocalAccounts {
  private static final long MAX_BYTES = 8L << 20;

  private final Map<Integer, String> names;

  private LocalAccounts(Map<Integer, String> names) {
    this.names = names;
  }

  public static LocalAccounts none() {
    return new LocalAccounts(Map.of());
  }

  public static LocalAccounts read(HostRoot root) {
    try {
      if (root.read("/etc/passwd", MAX_BYTES) instanceof FileRead.Content c) {
        return parse(c.text());
      }
    } catch (RuntimeException e) {
      // no passwd to name users with: uids stay numbers
    }
    return none();
  }

  /** Parses passwd(5) lines {@code name:x:uid:gid:gecos:home:shell}; the first name of a uid wins. */
  public static LocalAccounts parse(String text) {
    Map<Integer, String> m = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length < 3 || f[0].isEmpty() || f[0].startsWith("#")) {
        continue;
      }
      try {
        m.putIfAbsent(Integer.parseInt(f[2].strip()), f[0]);
      } catch (NumberFormatException e) {
        // a broken line names nobody
      }
    }
    return new LocalAccounts(m);
  }

  /** The login name of a uid, or null. */
  public String name(Integer uid) {
    return uid == null ? null : names.get(uid);
  }

  /** The uid of a login name, or null. */
  public Integer uid(String name) {
    for (Map.Entry<Integer, String> e : names.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return null;
  }
}
