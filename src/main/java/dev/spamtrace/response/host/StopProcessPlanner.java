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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans to stop the processes of {@code suspicious-process} findings at or above
 * {@code host.stop-min-severity}. A process the {@link StopPolicy} protects (PID 1, root, system and
 * MTA users, the MTA's programs, {@code host.never-stop-users}) is never proposed; a process whose
 * parent is already planned is left to its parent's tree.
 */
public final class StopProcessPlanner implements Planner {
  @Override
  public int order() {
    return Order.STOP_PROCESSES;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    HostSettings s = config.section(HostSettings.SECTION, HostSettings.class);
    Severity min = Severity.parse(s.stopMinSeverity());
    StopPolicy policy = new StopPolicy(config);
    Map<Integer, Finding> candidates = new HashMap<>();
    for (Finding f : findings) {
      if (f.kind() != FindingKind.SUSPICIOUS_PROCESS || !f.severity().atLeast(min)) {
        continue;
      }
      Integer pid = integer(f.evidence().get("pid"));
      Integer uid = integer(f.evidence().get("uid"));
      Integer euid = integer(f.evidence().getOrDefault("euid", f.evidence().get("uid")));
      Object ticks = f.evidence().get("start-ticks");
      Object user = f.evidence().get("user");
      if (pid == null || uid == null || euid == null || !(ticks instanceof Number) || !(user instanceof String u)) {
        continue; // without identity there is nothing safe to act on
      }
      String exe = f.evidence().get("exe") instanceof String e ? e.replaceFirst(" \\(deleted\\)$", "") : null;
      if (policy.refusal(pid, uid, euid, u, exe, false).isPresent()) {
        continue;
      }
      candidates.put(pid, f);
    }
    List<Action> out = new ArrayList<>();
    for (Finding f : candidates.values().stream().sorted((a, b) -> Integer.compare(integer(a.evidence().get("pid")),
        integer(b.evidence().get("pid")))).toList()) {
      Integer ppid = integer(f.evidence().get("ppid"));
      if (ppid != null && candidates.containsKey(ppid)) {
        continue; // stopped with its parent's tree
      }
      out.add(new StopProcessTree(integer(f.evidence().get("pid")), ((Number) f.evidence().get("start-ticks")).longValue(),
          String.valueOf(f.evidence().get("name")), String.valueOf(f.evidence().getOrDefault("exe", "?")),
          f.reasons().stream().map(Text::en).toList(), List.of(f.id())));
    }
    return out;
  }

  private static Integer integer(Object o) {
    return o instanceof Number n ? n.intValue() : null;
  }
}
