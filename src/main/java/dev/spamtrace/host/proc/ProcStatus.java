package dev.spamtrace.host.proc;

import dev.spamtrace.host.Numbers;
import java.util.Optional;

/**
 * {@code /proc/PID/status} (proc(5)): owner and parent as the kernel states them.
 *
 * @param name the {@code Name:} line (the kernel escapes control characters and backslashes here)
 * @param ppid {@code PPid:}
 * @param uids {@code Uid:} real, effective, saved, file system
 * @param gids {@code Gid:} real, effective, saved, file system
 * @param threads {@code Threads:}, or -1
 */
public record ProcStatus(String name, int ppid, int[] uids, int[] gids, int threads) {
  public int realUid() {
    return uids[0];
  }

  public int effectiveUid() {
    return uids[1];
  }

  public int realGid() {
    return gids[0];
  }

  /** Parses the text of a status file; empty without a {@code Uid:} line (not a status file). */
  public static Optional<ProcStatus> parse(String text) {
    String name = "";
    int ppid = -1;
    int threads = -1;
    int[] uids = null;
    int[] gids = null;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "Name" -> name = value;
        case "PPid" -> ppid = Numbers.intOr(value, -1);
        case "Threads" -> threads = Numbers.intOr(value, -1);
        case "Uid" -> uids = four(value);
        case "Gid" -> gids = four(value);
        default -> { }
      }
    }
    if (uids == null || gids == null) {
      return Optional.empty();
    }
    return Optional.of(new ProcStatus(name, ppid, uids, gids, threads));
  }

  private static int[] four(String value) {
    String[] f = ProcStat.fields(value, 0, 4);
    if (f.length < 4) {
      return null;
    }
    int[] out = new int[4];
    for (int i = 0; i < 4; i++) {
      Integer v = Numbers.intOrNull(f[i]);
      if (v == null) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }
}
