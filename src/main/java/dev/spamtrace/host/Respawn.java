package dev.spamtrace.host;

import dev.spamtrace.host.proc.HostProcess;
import dev.spamtrace.host.proc.ProcReader;
import dev.spamtrace.host.proc.ProcessTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Same-named processes whose start time keeps changing across several looks at the process
 * table (field guide row 11: "one of two same-named processes got a new start time every 10
 * minutes"). A process present in every look is steady and ignored; those that appear or vanish
 * between looks are instances of something being started anew, and the gaps between their start
 * times give its period.
 */
public final class Respawn {
  private Respawn() {}

  /** Processes that are "the same" for this purpose: same user, name and program. */
  public record Key(int uid, String comm, String exe) {
    static Key of(HostProcess p) {
      return new Key(p.uid(), p.comm(), p.exe() == null ? "" : p.exe().path());
    }
  }

  /** One instance seen. */
  public record Instance(int pid, long startTicks, java.time.Instant started, String cwd, List<String> argv) {}

  /**
   * A group that was started anew during the looks.
   *
   * @param instances the instances that came or went, by start time
   * @param periodSeconds the median gap between their start times
   */
  public record Group(Key key, List<Instance> instances, long periodSeconds) {
    public List<Integer> pids() {
      return instances.stream().map(Instance::pid).toList();
    }

    /** {@code 60 s}, {@code 10 min}. */
    public String period() {
      return periodSeconds % 60 == 0 ? periodSeconds / 60 + " min" : periodSeconds + " s";
    }
  }

  public static List<Group> analyze(List<ProcessTable> looks) {
    if (looks.size() < 2) {
      return List.of();
    }
    Map<Key, Map<String, Instance>> seen = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    for (ProcessTable t : looks) {
      for (HostProcess p : t.processes()) {
        if (p.kernelThread() || p.zombie()) {
          continue;
        }
        String id = p.pid() + "@" + p.startTicks();
        seen.computeIfAbsent(Key.of(p), k -> new LinkedHashMap<>()).putIfAbsent(id,
            new Instance(p.pid(), p.startTicks(), p.started(), p.cwd() == null ? "" : p.cwd().path(), p.argv()));
        count.merge(id, 1, Integer::sum);
      }
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<Key, Map<String, Instance>> e : seen.entrySet()) {
      List<Instance> changing = new ArrayList<>();
      e.getValue().forEach((id, inst) -> {
        if (count.get(id) < looks.size()) {
          changing.add(inst);
        }
      });
      changing.sort((a, b) -> Long.compare(a.startTicks(), b.startTicks()));
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < changing.size(); i++) {
        long gap = changing.get(i).startTicks() - changing.get(i - 1).startTicks();
        if (gap > 0) {
          gaps.add(gap);
        }
      }
      if (gaps.isEmpty()) {
        continue;
      }
      gaps.sort(null);
      long median = gaps.get(gaps.size() / 2);
      out.add(new Group(e.getKey(), changing, Math.max(1, Math.round(median / (double) ProcReader.CLOCK_TICKS))));
    }
    return out;
  }

  /** Whether an observed period fits a cron period (also a whole multiple of it, for looks further apart). */
  public static boolean fits(long observedSeconds, long cronSeconds, long toleranceSeconds, int maxMultiple) {
    if (cronSeconds <= 0) {
      return false;
    }
    long k = Math.max(1, Math.round(observedSeconds / (double) cronSeconds));
    return k <= maxMultiple && Math.abs(observedSeconds - k * cronSeconds) <= toleranceSeconds;
  }

  static boolean sameKey(HostProcess p, Key k) {
    return Objects.equals(Key.of(p), k);
  }
}
