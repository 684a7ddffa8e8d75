package dev.spamtrace.host;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * User and group names of the inspected server, from its own {@code etc/passwd} and
 * {@code etc/group} (a container's users are not the hardware node's). Numbers without a name stay
 * numbers.
 */
public final class Accounts {
  /** One line of {@code passwd(5)}: {@code name:x:uid:gid:gecos:home:shell}. */
  public record User(String name, int uid, int gid, String home, String shell) {}

  private final Map<Integer, User> byUid;
  private final Map<String, User> byName;
  private final Map<Integer, String> groups;

  private Accounts(Map<Integer, User> byUid, Map<String, User> byName, Map<Integer, String> groups) {
    this.byUid = byUid;
    this.byName = byName;
    this.groups = groups;
  }

  public static Accounts empty() {
    return parse("", "");
  }

  /** Parses passwd and group text (pure). Malformed lines are skipped: they name nobody. */
  public static Accounts parse(String passwd, String group) {
    Map<Integer, User> byUid = new HashMap<>();
    Map<String, User> byName = new HashMap<>();
    for (String line : passwd.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length < 7 || f[0].isEmpty() || line.startsWith("#")) {
        continue;
      }
      Integer uid = Numbers.intOrNull(f[2]);
      Integer gid = Numbers.intOrNull(f[3]);
      if (uid == null || gid == null) {
        continue;
      }
      User u = new User(f[0], uid, gid, f[5], f[6]);
      byUid.putIfAbsent(uid, u); // the first name for a uid is the one ls and ps show
      byName.putIfAbsent(f[0], u);
    }
    Map<Integer, String> groups = new HashMap<>();
    for (String line : group.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length < 3 || f[0].isEmpty() || line.startsWith("#")) {
        continue;
      }
      Integer gid = Numbers.intOrNull(f[2]);
      if (gid != null) {
        groups.putIfAbsent(gid, f[0]);
      }
    }
    return new Accounts(byUid, byName, groups);
  }

  /** Reads {@code /etc/passwd} and {@code /etc/group} under the root; missing files give no names. */
  public static Accounts read(HostRoot root) {
    return parse(text(root, "/etc/passwd"), text(root, "/etc/group"));
  }

  private static String text(HostRoot root, String path) {
    try {
      return root.read(path, 16L << 20) instanceof FileRead.Content c ? c.text() : "";
    } catch (RuntimeException e) {
      return "";
    }
  }

  public Optional<User> user(int uid) {
    return Optional.ofNullable(byUid.get(uid));
  }

  public Optional<User> user(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The user's name, or the number as text. */
  public String userName(int uid) {
    User u = byUid.get(uid);
    return u != null ? u.name() : Integer.toString(uid);
  }

  public String groupName(int gid) {
    String g = groups.get(gid);
    return g != null ? g : Integer.toString(gid);
  }

  public List<User> users() {
    return List.copyOf(byUid.values());
  }
}
