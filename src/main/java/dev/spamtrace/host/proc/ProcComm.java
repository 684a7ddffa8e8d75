package dev.spamtrace.host.proc;

import java.nio.charset.StandardCharsets;

/**
 * {@code /proc/PID/comm}: the same name as stat's field 2 (the kernel's {@code task->comm}, at most
 * 15 bytes, set by the process itself with prctl(PR_SET_NAME) or perl's {@code $0}), ended by a
 * newline. The table reader takes the name from stat (one read per process fewer); this is for
 * captured trees that hold comm alone, and for evidence.
 */
public final class ProcComm {
  private ProcComm() {}

  public static String parse(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
