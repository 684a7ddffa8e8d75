package dev.spamtrace.response.host;

import dev.spamtrace.config.Config;
import dev.spamtrace.host.HostSettings;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.Planner;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans to remove the line of each {@code cron-persistence} finding at or above
 * {@code host.cron-removal-min-severity} that the inspector marked removable (a crontab line of a
 * web or customer user; timers, at jobs and periodic scripts are left to a person).
 */
public final class RemoveCronEntryPlanner implements Planner {
  @Override
  public int order() {
    return Order.REMOVE_PERSISTENCE;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    Severity min = Severity.parse(config.section(HostSettings.SECTION, HostSettings.class).cronRemovalMinSeverity());
    List<Action> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.kind() != FindingKind.CRON_PERSISTENCE || !f.severity().atLeast(min) || !Boolean.TRUE.equals(f.evidence().get("removable"))) {
        continue;
      }
      if (!(f.evidence().get("file") instanceof String file) || !(f.evidence().get("text") instanceof String text)
          || !(f.evidence().get("line") instanceof Number line) || !(f.evidence().get("user") instanceof String user)) {
        continue;
      }
      boolean userCrontab = "user-crontab".equals(f.evidence().get("source"));
      out.add(new RemoveCronEntry(file, line.intValue(), text, user, userCrontab, f.reasons().stream().map(Text::en).toList(),
          List.of(f.id())));
    }
    return out;
  }
}
