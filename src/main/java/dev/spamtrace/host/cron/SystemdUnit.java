package dev.spamtrace.host.cron;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few keys of a systemd unit file this tool needs (systemd.unit(5), systemd.timer(5),
 * systemd.service(5)), pure: {@code [Section]} then {@code Key=Value}; the last value of a key wins.
 */
public record SystemdUnit(Map<String, String> values) {

  public static SystemdUnit parse(String text) {
    Map<String, String> v = new LinkedHashMap<>();
    String section = "";
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        v.put(section + "." + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return new SystemdUnit(v);
  }

  public String get(String sectionDotKey) {
    return values.getOrDefault(sectionDotKey, "");
  }

  /**
   * A timer's period in minutes from {@code OnUnitActiveSec}/{@code OnUnitInactiveSec}
   * ({@code 5min}, {@code 10m}, {@code 1h}, {@code 30s}) or simple {@code OnCalendar} forms
   * ({@code minutely}, {@code hourly}, {@code *:0/10}); null otherwise.
   */
  public CronSchedule every() {
    for (String k : new String[] {"Timer.OnUnitActiveSec", "Timer.OnUnitInactiveSec"}) {
      String s = get(k);
      if (!s.isEmpty()) {
        Long sec = seconds(s);
        if (sec != null && sec > 0) {
          return new CronSchedule((int) Math.max(1, sec / 60), true);
        }
      }
    }
    String cal = get("Timer.OnCalendar").toLowerCase(Locale.ROOT);
    switch (cal) {
      case "minutely": case "*:*": case "*-*-* *:*:00": return new CronSchedule(1, true);
      case "hourly": return new CronSchedule(60, true);
      case "daily": return new CronSchedule(1440, true);
      default: break;
    }
    if (cal.startsWith("*:0/") || cal.startsWith("*:00/")) {
      Integer n = dev.spamtrace.host.Numbers.intOrNull(cal.substring(cal.indexOf('/') + 1));
      if (n != null && n > 0) {
        return new CronSchedule(n, 60 % n == 0);
      }
    }
    return null;
  }

  /** systemd.time(7) spans: {@code 5min}, {@code 1h 30min}, {@code 90} (seconds). */
  static Long seconds(String span) {
    long total = 0;
    for (String part : span.trim().split("\\s+")) {
      int i = 0;
      while (i < part.length() && Character.isDigit(part.charAt(i))) {
        i++;
      }
      Long n = dev.spamtrace.host.Numbers.longOrNull(part.substring(0, i));
      if (n == null) {
        return null;
      }
      String unit = part.substring(i);
      long mult = switch (unit) {
        case "", "s", "sec", "second", "seconds" -> 1;
        case "m", "min", "minute", "minutes" -> 60;
        case "h", "hr", "hour", "hours" -> 3600;
        case "d", "day", "days" -> 86400;
        default -> -1;
      };
      if (mult < 0) {
        return null;
      }
      total += n * mult;
    }
    return total;
  }
}
