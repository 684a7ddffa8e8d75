package dev.spamtrace.response.firewall;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * User names to uids from the root's {@code /etc/passwd} (passwd(5): name:password:uid:…). The
 * MTA's users become numbers before they reach a rule: the kernel matches uids, and a name that
 * does not exist on this server is simply not there (reported, not guessed).
 */
public final class SystemUsers {
  private final Map<String, Integer> uids;

  private SystemUsers(Map<String, Integer> uids) {
    this.uids = uids;
  }

  public static SystemUsers read(HostRoot root) {
    FileRead r = root.read("/etc/passwd", 4 << 20);
    return parse(r instanceof FileRead.Content c ? c.text() : "");
  }

  public static SystemUsers parse(String passwd) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String line : passwd.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && !f[0].isEmpty() && f[2].matches("\\d{1,10}")) {
        long uid = Long.parseLong(f[2]);
        if (uid <= Integer.MAX_VALUE) {
          m.putIfAbsent(f[0], (int) uid);
        }
      }
    }
    return new SystemUsers(m);
  }

  public Integer uid(String name) {
    return uids.get(name);
  }

  public String name(int uid) {
    return uids.entrySet().stream().filter(e -> e.getValue() == uid).map(Map.Entry::getKey).findFirst().orElse(String.valueOf(uid));
  }

  /** The uids of those of {@code names} that exist; root (0) always. */
  public List<Integer> uidsOf(List<String> names) {
    List<Integer> out = new ArrayList<>();
    out.add(0);
    for (String n : names) {
      Integer u = uids.get(n);
      if (u != null && !out.contains(u)) {
        out.add(u);
      }
    }
    return out;
  }
}
