package dev.spamtrace.host.cron;

import dev.spamtrace.host.Accounts;
import dev.spamtrace.host.HostSettings;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every place a command can be scheduled under a root: {@code /etc/crontab},
 * {@code /etc/cron.d/*}, {@code /etc/cron.{hourly,daily,weekly,monthly}}, the per-user spools in
 * every distribution's layout (configured: {@code /var/spool/cron/crontabs/USER} on Debian,
 * {@code /var/spool/cron/USER} on RHEL, {@code /var/spool/cron/tabs/USER} on SUSE), systemd timers
 * and at jobs. Acquisition only; the parsing is in {@link CrontabParser}, {@link SystemdUnit} and
 * {@link AtJobParser}.
 */
public final class CronReader {
  private static final long MAX = 1L << 20;
  private static final String[] PERIODIC = {"hourly", "daily", "weekly", "monthly"};

  private final HostRoot root;
  private final HostSettings settings;
  private final Accounts accounts;
  private final List<CrontabEntry> entries = new ArrayList<>();
  private final List<CronTable.Problem> problems = new ArrayList<>();
  private int files;

  public CronReader(HostRoot root, HostSettings settings, Accounts accounts) {
    this.root = root;
    this.settings = settings;
    this.accounts = accounts;
  }

  public CronTable read() {
    crontab("/etc/crontab", null);
    for (String name : list("/etc/cron.d")) {
      crontab("/etc/cron.d/" + name, null);
    }
    for (String period : PERIODIC) {
      String dir = "/etc/cron." + period;
      for (String name : list(dir)) {
        String path = dir + "/" + name;
        if (isRegular(path)) {
          files++;
          entries.add(new CrontabEntry(CrontabEntry.Source.PERIODIC_SCRIPT, path, 0, "root", "@" + period, path, "",
              CronSchedule.parse("@" + period)));
        }
      }
    }
    Set<String> seenSpoolFiles = new LinkedHashSet<>();
    for (String spool : settings.cronSpools()) {
      for (String name : list(spool)) {
        String path = spool + "/" + name;
        if (name.startsWith(".") || !isRegular(path) || !seenSpoolFiles.add(path)) {
          continue;
        }
        crontab(path, name);
      }
    }
    for (String spool : settings.atSpools()) {
      for (String name : list(spool)) {
        String path = spool + "/" + name;
        if (name.startsWith(".") || !isRegular(path)) {
          continue;
        }
        atJob(path, name);
      }
    }
    timers();
    return new CronTable(entries, files, problems);
  }

  private void crontab(String path, String user) {
    FileRead r = readPath(path);
    if (r instanceof FileRead.Content c) {
      files++;
      CrontabParser.Parsed p = CrontabParser.parse(c.text(), path, user);
      entries.addAll(p.entries());
      p.problems().forEach(m -> problems.add(new CronTable.Problem(path, m)));
      if (c.truncated()) {
        problems.add(new CronTable.Problem(path, "larger than 1 MiB; the rest was not read"));
      }
    } else {
      report(path, r);
    }
  }

  private void atJob(String path, String name) {
    FileRead r = readPath(path);
    if (r instanceof FileRead.Content c) {
      files++;
      var job = AtJobParser.parse(name, c.text());
      if (job.isEmpty()) {
        problems.add(new CronTable.Problem(path, "not an at job"));
        return;
      }
      String when = job.get().runAt() == null ? "at" : "at " + job.get().runAt();
      entries.add(new CrontabEntry(CrontabEntry.Source.AT_JOB, path, 0, accounts.userName(job.get().uid()), when,
          job.get().commands(), "", null));
    } else {
      report(path, r);
    }
  }

  private void timers() {
    for (String folder : settings.timerFolders()) {
      for (String name : list(folder)) {
        if (!name.endsWith(".timer")) {
          continue;
        }
        String path = folder + "/" + name;
        FileRead r = readPath(path);
        if (!(r instanceof FileRead.Content c)) {
          if (!(r instanceof FileRead.NotRegular)) {
            report(path, r);
          }
          continue;
        }
        files++;
        SystemdUnit timer = SystemdUnit.parse(c.text());
        String unit = timer.get("Timer.Unit");
        if (unit.isEmpty()) {
          unit = name.substring(0, name.length() - ".timer".length()) + ".service";
        }
        SystemdUnit service = null;
        for (String f : settings.timerFolders()) {
          if (readPath(f + "/" + unit) instanceof FileRead.Content s) {
            service = SystemdUnit.parse(s.text());
            break;
          }
        }
        String command = service == null ? "(" + unit + " not found)" : service.get("Service.ExecStart");
        String user = service == null || service.get("Service.User").isEmpty() ? "root" : service.get("Service.User");
        String schedule = !timer.get("Timer.OnCalendar").isEmpty() ? "OnCalendar=" + timer.get("Timer.OnCalendar")
            : !timer.get("Timer.OnUnitActiveSec").isEmpty() ? "OnUnitActiveSec=" + timer.get("Timer.OnUnitActiveSec")
            : "OnBootSec=" + timer.get("Timer.OnBootSec");
        entries.add(new CrontabEntry(CrontabEntry.Source.SYSTEMD_TIMER, path, 0, user, schedule, command, "", timer.every()));
      }
    }
  }

  private FileRead readPath(String path) {
    try {
      return root.read(path, MAX);
    } catch (RuntimeException e) {
      return new FileRead.Unreadable(Path.of(path), e.getMessage());
    }
  }

  private boolean isRegular(String path) {
    try {
      return Files.isRegularFile(root.resolveNoFollow(path), LinkOption.NOFOLLOW_LINKS);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<String> list(String dir) {
    try {
      Path local = root.resolve(dir);
      if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
        return List.of();
      }
      if (!Files.isReadable(local)) {
        problems.add(new CronTable.Problem(dir, "folder cannot be read"));
        return List.of();
      }
      return root.listLocal(local);
    } catch (IOException | RuntimeException e) {
      problems.add(new CronTable.Problem(dir, "folder cannot be listed: " + e.getMessage()));
      return List.of();
    }
  }

  private void report(String path, FileRead r) {
    if (r instanceof FileRead.Unreadable u) {
      problems.add(new CronTable.Problem(path, "unreadable: " + u.reason()));
    } else if (r instanceof FileRead.NotRegular n) {
      problems.add(new CronTable.Problem(path, "not a regular file (" + n.type() + "); not opened"));
    }
    // Missing: nothing scheduled there (it vanished, or never was).
  }
}
