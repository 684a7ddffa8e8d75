package dev.spamtrace.host;

import dev.spamtrace.host.cron.CrontabEntry;
import dev.spamtrace.host.rules.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The facts the cron rules ({@code rules/host/cron.yml}) test, computed from one entry. */
public final class CronFacts {
  private CronFacts() {}

  public static Map<String, Object> of(CrontabEntry e, String userClass, HostSettings s, int respawned) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("user", e.user());
    f.put("user-class", userClass);
    f.put("source", e.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    f.put("schedule", e.schedule());
    f.put("command", e.command());
    List<String> paths = paths(e.command());
    f.put("paths", paths);
    boolean temp = false;
    boolean hidden = false;
    for (String p : paths) {
      for (String place : s.temporaryPlaces()) {
        temp |= Glob.under(p, place);
      }
      hidden |= hasHiddenPart(p);
    }
    f.put("runs-from-temporary", temp);
    f.put("runs-from-hidden", hidden);
    if (e.every() != null) {
      f.put("every-minutes", e.every().shortestGapMinutes());
    }
    f.put("respawned-processes", respawned);
    return f;
  }

  /** The absolute paths a command names, in order, without duplicates. The command is data: only split, never run or matched as a pattern. */
  public static List<String> paths(String command) {
    Set<String> out = new LinkedHashSet<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i <= command.length(); i++) {
      char c = i < command.length() ? command.charAt(i) : ' ';
      if (Character.isWhitespace(c) || ";|&<>()'\"`=,".indexOf(c) >= 0) {
        String t = cur.toString();
        while (t.endsWith(".") || t.endsWith(":")) {
          t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith("/") && t.length() > 1 && !t.startsWith("//")) {
          out.add(t);
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    return new ArrayList<>(out);
  }

  /** A folder or file name starting with a dot ({@code /tmp/.x/run.sh}), other than {@code .} and {@code ..}. */
  public static boolean hasHiddenPart(String path) {
    for (String part : path.split("/")) {
      if (part.length() > 1 && part.startsWith(".") && !part.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
