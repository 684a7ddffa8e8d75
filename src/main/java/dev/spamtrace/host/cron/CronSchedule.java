package dev.spamtrace.host.cron;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * How often a schedule runs, read from its minute and hour fields (crontab(5)): {@code *}, lists,
 * ranges and steps. The day, month and weekday fields only make a job run on fewer days; on the
 * days it runs, the gaps come from minute and hour.
 *
 * @param shortestGapMinutes the shortest time between two runs on a day it runs
 * @param regular whether every gap is the same (then {@code shortestGapMinutes} is its period)
 */
public record CronSchedule(int shortestGapMinutes, boolean regular) {

  /** The period in seconds when regular, else -1. */
  public long periodSeconds() {
    return regular ? shortestGapMinutes * 60L : -1;
  }

  /** Parses a five-field schedule or an {@code @} name; null when it cannot be understood or never repeats. */
  public static CronSchedule parse(String schedule) {
    String s = schedule.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "@hourly": return new CronSchedule(60, true);
      case "@daily": case "@midnight": return new CronSchedule(1440, true);
      case "@weekly": return new CronSchedule(7 * 1440, true);
      case "@monthly": return new CronSchedule(30 * 1440, false);
      case "@yearly": case "@annually": return new CronSchedule(365 * 1440, false);
      default: break;
    }
    if (s.startsWith("@")) {
      return null; // @reboot
    }
    String[] f = s.split("\\s+");
    if (f.length < 5) {
      return null;
    }
    TreeSet<Integer> minutes = field(f[0], 0, 59);
    TreeSet<Integer> hours = field(f[1], 0, 23);
    if (minutes == null || hours == null || minutes.isEmpty() || hours.isEmpty()) {
      return null;
    }
    List<Integer> times = new ArrayList<>();
    for (int h : hours) {
      for (int m : minutes) {
        times.add(h * 60 + m);
      }
    }
    if (times.size() == 1) {
      return new CronSchedule(1440, true);
    }
    int shortest = Integer.MAX_VALUE;
    boolean regular = true;
    int first = -1;
    for (int i = 0; i < times.size(); i++) {
      int next = i + 1 < times.size() ? times.get(i + 1) : times.get(0) + 1440;
      int gap = next - times.get(i);
      if (first < 0) {
        first = gap;
      } else if (gap != first) {
        regular = false;
      }
      shortest = Math.min(shortest, gap);
    }
    return new CronSchedule(shortest, regular);
  }

  /** The values one field allows, or null when it does not parse. */
  static TreeSet<Integer> field(String text, int min, int max) {
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : text.split(",")) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        Integer st = num(part.substring(slash + 1));
        if (st == null || st <= 0) {
          return null;
        }
        step = st;
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else {
        int dash = range.indexOf('-');
        Integer a = num(dash < 0 ? range : range.substring(0, dash));
        Integer b = dash < 0 ? (slash >= 0 ? Integer.valueOf(max) : a) : num(range.substring(dash + 1));
        if (a == null || b == null || a < min || b > max || a > b) {
          return null;
        }
        lo = a;
        hi = b;
      }
      for (int v = lo; v <= hi; v += step) {
        out.add(v);
      }
    }
    return out;
  }

  private static Integer num(String s) {
    return dev.spamtrace.host.Numbers.intOrNull(s);
  }

  /** {@code every 10 minutes}, {@code every 2 hours}, {@code at least every 5 minutes}. */
  public String describe() {
    String n = shortestGapMinutes % 60 == 0 ? shortestGapMinutes / 60 + " h" : shortestGapMinutes + " min";
    return (regular ? "every " : "as often as every ") + n;
  }
}
