package dev.spamtrace.mailqueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Positional reads from a queue file, so a parser can read the envelope at the start and jump to
 * the records after a large body (Postfix keeps recipients of {@code sendmail -t} mail there)
 * without reading the body. Parsers take this; tests give them bytes captured from the real MTA.
 */
public interface ByteSource extends AutoCloseable {
  long size();

  /** Reads up to {@code len} bytes at {@code pos}; fewer at the end; -1 past the end. */
  int read(long pos, byte[] buf, int off, int len) throws IOException;

  @Override
  default void close() throws IOException {}

  static ByteSource of(byte[] bytes) {
    return of(bytes, bytes.length);
  }

  /** The first {@code length} bytes of {@code bytes} (a reused buffer: valid while its reader runs). */
  static ByteSource of(byte[] bytes, int length) {
    return new ByteSource() {
      @Override
      public long size() {
        return length;
      }

      @Override
      public int read(long pos, byte[] buf, int off, int len) {
        if (pos >= length) {
          return -1;
        }
        int n = (int) Math.min(len, length - pos);
        System.arraycopy(bytes, (int) pos, buf, off, n);
        return n;
      }
    };
  }

  /** Opens a regular file for reading without following a final symlink. */
  static ByteSource open(Path file) throws IOException {
    return open(file, -1);
  }

  /**
   * Like {@link #open(Path)}, for a file whose size its folder listing gave (saving a system
   * call per queue file); the source ends there even if the file grew since. -1: ask the file.
   */
  static ByteSource open(Path file, long listedSize) throws IOException {
    return of(FileChannel.open(file, dev.spamtrace.hostroot.OpenFolder.READ_NOFOLLOW), listedSize);
  }

  /** A source over an open channel, which it closes; {@code listedSize} -1: ask the channel. */
  static ByteSource of(FileChannel ch, long listedSize) throws IOException {
    long size = listedSize >= 0 ? listedSize : ch.size();
    return new ByteSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public int read(long pos, byte[] buf, int off, int len) throws IOException {
        return ch.read(ByteBuffer.wrap(buf, off, len), pos);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  /** Reads everything from {@code pos} up to {@code max} bytes. */
  default byte[] readRange(long pos, int max) throws IOException {
    int want = (int) Math.max(0, Math.min(max, size() - pos));
    byte[] buf = new byte[want];
    int got = 0;
    while (got < want) {
      int n = read(pos + got, buf, got, want - got);
      if (n <= 0) {
        break;
      }
      got += n;
    }
    return got == want ? buf : java.util.Arrays.copyOf(buf, got);
  }
}
