package dev.spamtrace.host.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cmdline}: the arguments, each ended by a NUL. A process may rewrite its own
 * argument area ({@code $0 = "bash"} in perl, setproctitle): the result is whatever it wrote, with
 * trailing NUL padding dropped. Empty for kernel threads and zombies.
 */
public final class ProcCmdline {
  private ProcCmdline() {}

  public static List<String> parse(byte[] bytes) {
    List<String> argv = new ArrayList<>();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || bytes[i] == 0) {
        argv.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (end == 0) {
      argv.clear();
    }
    return argv;
  }
}
