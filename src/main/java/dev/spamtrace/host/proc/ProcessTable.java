package dev.spamtrace.host.proc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every process of one look at {@code /proc}, joined to the sockets of {@code /proc/net}. Published
 * to other inspectors through the investigation's artifacts.
 *
 * @param procDirectory the directory read (local path)
 * @param present false when there was no proc directory at all (a disk copy): nothing was looked at
 * @param takenAt when the look was taken
 * @param bootTime from {@code /proc/stat btime}, when known
 * @param processes the processes read, by pid
 * @param sockets how many sockets {@code /proc/net/*} listed
 * @param vanished processes that exited while being read (normal on a live server)
 * @param problems what could not be read: source and reason; never fatal, always reported
 */
public record ProcessTable(
    String procDirectory, boolean present, Instant takenAt, Instant bootTime, List<HostProcess> processes, int sockets,
    int vanished, List<Problem> problems) {

  /** Something that could not be read. */
  public record Problem(String source, String reason) {}

  public ProcessTable {
    processes = List.copyOf(processes);
    problems = List.copyOf(problems);
  }

  public Optional<HostProcess> byPid(int pid) {
    for (HostProcess p : processes) {
      if (p.pid() == pid) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Pid → process, built once for walks over parents. */
  public Map<Integer, HostProcess> index() {
    Map<Integer, HostProcess> m = new HashMap<>(processes.size() * 2);
    processes.forEach(p -> m.put(p.pid(), p));
    return Collections.unmodifiableMap(m);
  }

  /** The parents of a process, nearest first, stopping at a loop or an unknown pid. */
  public static List<HostProcess> ancestors(HostProcess p, Map<Integer, HostProcess> index) {
    List<HostProcess> out = new ArrayList<>();
    HostProcess cur = p;
    while (out.size() < 64) {
      HostProcess parent = index.get(cur.ppid());
      if (parent == null || parent.pid() == cur.pid()) {
        break;
      }
      out.add(parent);
      cur = parent;
    }
    return out;
  }

  /** A process and all its descendants, parents before children. */
  public List<HostProcess> tree(int pid) {
    Map<Integer, List<HostProcess>> children = new HashMap<>();
    for (HostProcess p : processes) {
      children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
    }
    List<HostProcess> out = new ArrayList<>();
    byPid(pid).ifPresent(out::add);
    for (int i = 0; i < out.size() && out.size() < 10_000; i++) {
      for (HostProcess c : children.getOrDefault(out.get(i).pid(), List.of())) {
        if (c.pid() != pid && !out.contains(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
