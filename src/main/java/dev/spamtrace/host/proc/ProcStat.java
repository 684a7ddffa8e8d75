package dev.spamtrace.host.proc;

import dev.spamtrace.host.Numbers;
import java.util.Optional;

/**
 * {@code /proc/PID/stat} (proc(5)): the fields this tool needs.
 *
 * <p>The command name sits between the first {@code (} and the <em>last</em> {@code )}: a process
 * chooses its own name and may put spaces and {@code )} in it ({@code "x) R 1"}), so splitting on
 * spaces or cutting at the first {@code )} lets it forge the fields after it (anti-pattern A3,
 * gopsutil #120, sysstat #28).
 *
 * @param pid field 1
 * @param comm field 2, without the parentheses
 * @param state field 3: R, S, D, Z (zombie), T (stopped), t, X, I (idle kernel thread)
 * @param ppid field 4
 * @param flags field 9 (PF_* flags; {@link #PF_KTHREAD} marks a kernel thread)
 * @param startTicks field 22: start time in clock ticks after boot
 */
public record ProcStat(int pid, String comm, char state, int ppid, long flags, long startTicks) {
  /** include/linux/sched.h: I am a kernel thread. */
  public static final long PF_KTHREAD = 0x00200000L;

  public boolean kernelThread() {
    return (flags & PF_KTHREAD) != 0;
  }

  public boolean zombie() {
    return state == 'Z';
  }

  /** The first {@code max} space-separated fields from {@code from} (no regex: this runs once per process). */
  static String[] fields(String text, int from, int max) {
    String[] out = new String[max];
    int n = 0;
    int i = from;
    int len = text.length();
    while (n < max) {
      while (i < len && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= len) {
        break;
      }
      int start = i;
      while (i < len && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      out[n++] = text.substring(start, i);
    }
    return n == max ? out : java.util.Arrays.copyOf(out, n);
  }

  /** Parses the text of a stat file; empty when it is not one (truncated, garbage). */
  public static Optional<ProcStat> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open < 1 || close < open) {
      return Optional.empty();
    }
    Integer pid = Numbers.intOrNull(text.substring(0, open).trim());
    String comm = text.substring(open + 1, close);
    String[] rest = fields(text, close + 1, 22);
    // rest[0] is field 3 (state); field n is rest[n - 3].
    if (pid == null || rest.length < 20 || rest[0].length() != 1) {
      return Optional.empty();
    }
    Integer ppid = Numbers.intOrNull(rest[1]);
    Long flags = Numbers.longOrNull(rest[6]);
    Long start = Numbers.longOrNull(rest[19]);
    if (ppid == null || flags == null || start == null) {
      return Optional.empty();
    }
    return Optional.of(new ProcStat(pid, comm, rest[0].charAt(0), ppid, flags, start));
  }
}
