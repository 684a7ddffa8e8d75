package dev.spamtrace.host.cron;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses crontab text (crontab(5)), pure. A per-user crontab has five schedule fields then the
 * command; {@code /etc/crontab} and {@code /etc/cron.d/*} have a user field between them. Lines
 * are kept with their number and exact text; comments, blank lines and environment settings
 * ({@code MAILTO=…}) are not entries; a line that does not parse is a problem, not an exception.
 */
public final class CrontabParser {
  private CrontabParser() {}

  /** The entries of one file and the lines that could not be understood. */
  public record Parsed(List<CrontabEntry> entries, List<String> problems) {}

  /**
   * @param file the file as the server sees it
   * @param user the owner of a per-user crontab, or null for the system format with a user field
   */
  public static Parsed parse(String text, String file, String user) {
    List<CrontabEntry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || isEnvironment(t)) {
        continue;
      }
      int fields = t.startsWith("@") ? 1 : 5;
      if (user == null) {
        fields++;
      }
      int[] ends = fieldEnds(t, fields);
      if (ends == null) {
        problems.add(file + ":" + (i + 1) + ": not a crontab line");
        continue;
      }
      int scheduleFields = t.startsWith("@") ? 1 : 5;
      String schedule = t.substring(0, ends[scheduleFields - 1]);
      String who = user != null ? user : t.substring(ends[scheduleFields - 1], ends[scheduleFields]).strip();
      String command = t.substring(ends[fields - 1]).strip();
      if (command.isEmpty()) {
        problems.add(file + ":" + (i + 1) + ": no command");
        continue;
      }
      CronSchedule every = CronSchedule.parse(schedule);
      if (every == null && !schedule.equalsIgnoreCase("@reboot")) {
        problems.add(file + ":" + (i + 1) + ": schedule not understood: " + schedule);
      }
      entries.add(new CrontabEntry(user == null ? CrontabEntry.Source.SYSTEM_CRONTAB : CrontabEntry.Source.USER_CRONTAB,
          file, i + 1, who, schedule, command, line, every));
    }
    return new Parsed(entries, problems);
  }

  /** {@code NAME=value} (crontab(5) environment settings; the name may be quoted). */
  static boolean isEnvironment(String t) {
    int eq = t.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    String name = t.substring(0, eq).strip();
    if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("'") && name.endsWith("'"))) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The end offset of each of the first {@code n} whitespace-separated fields, or null when fewer. */
  private static int[] fieldEnds(String t, int n) {
    int[] ends = new int[n];
    int i = 0;
    for (int k = 0; k < n; k++) {
      while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      if (i >= t.length()) {
        return null;
      }
      while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      ends[k] = i;
    }
    return ends;
  }
}
