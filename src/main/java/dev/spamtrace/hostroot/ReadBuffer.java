package dev.spamtrace.hostroot;

/**
 * One thread's buffer for reading file after file ({@link HostRoot#read(java.nio.file.Path, long, ReadBuffer)}):
 * a scan of a whole server reads every file once, and a fresh array per file is most of the
 * garbage it makes. Grows to the largest file read; not for sharing between threads.
 */
public final class ReadBuffer {
  byte[] bytes = new byte[64 << 10];

  /** The array, at least {@code n} long, with its first {@code keep} bytes kept. */
  byte[] atLeast(int n, int keep) {
    if (bytes.length < n) {
      byte[] b = new byte[Math.max(n, (int) Math.min(Integer.MAX_VALUE - 16, bytes.length * 2L))];
      System.arraycopy(bytes, 0, b, 0, keep);
      bytes = b;
    }
    return bytes;
  }
}
