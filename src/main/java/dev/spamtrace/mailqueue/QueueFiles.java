package dev.spamtrace.mailqueue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reading the start of a queue file already known (from its folder listing) to be a regular file:
 * one open without following a symlink, one read, one close. Queue readers do this a hundred
 * thousand times per run, so it avoids everything else. A file that vanished since the listing
 * throws {@link java.nio.file.NoSuchFileException}.
 */
public final class QueueFiles {
  private QueueFiles() {}

  /** Read, never following a final symlink; one set for every open (the varargs form builds a set each time). */
  static final java.util.Set<java.nio.file.OpenOption> READ_NOFOLLOW = java.util.Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 16));

  /** What {@link #withHead} hands its reader: the thread's buffer, valid only during the call. */
  @FunctionalInterface
  public interface HeadReader<T> {
    T read(byte[] bytes, int length);
  }

  /**
   * Reads up to {@code max} bytes of a file whose size the listing gave ({@code listedSize}, -1
   * when unknown) and hands them to {@code reader} without copying them out when they fit the
   * thread's 64 KiB buffer: the header parsers keep only a few fields. Reading stops at the listed
   * size, without the extra read that would find the end (a third of the system calls of a small
   * file); a file that grew since is read up to its listed size.
   */
  public static <T> T withHead(Path file, int max, long listedSize, HeadReader<T> reader) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ_NOFOLLOW)) {
      return withHead(ch, max, listedSize, reader);
    }
  }

  /** {@link #withHead(Path, int, long, HeadReader)} from a channel already open at its start. */
  static <T> T withHead(ReadableByteChannel ch, int max, long listedSize, HeadReader<T> reader) throws IOException {
    ByteBuffer b = BUFFER.get();
    int want = Math.min(max, b.capacity());
    boolean known = listedSize >= 0 && listedSize < want;
    b.clear().limit(known ? (int) listedSize : want);
    while (b.hasRemaining() && ch.read(b) > 0) {
      // keep reading until full or at the end
    }
    if (known || b.hasRemaining() || b.position() >= max) {
      return reader.read(b.array(), b.position());
    }
    // Larger than the shared buffer (a message to thousands of recipients): read on, up to max.
    java.io.ByteArrayOutputStream more = new java.io.ByteArrayOutputStream(b.position() * 2);
    more.write(b.array(), 0, b.position());
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    while (more.size() < max) {
      chunk.clear().limit(Math.min(chunk.capacity(), max - more.size()));
      int n = ch.read(chunk);
      if (n <= 0) {
        break;
      }
      more.write(chunk.array(), 0, n);
    }
    byte[] all = more.toByteArray();
    return reader.read(all, all.length);
  }

  /** Up to {@code max} bytes from the start of the file. */
  public static byte[] head(Path file, int max) throws IOException {
    return head(file, max, -1);
  }

  /** Up to {@code max} bytes from the start of a file whose size the listing gave (see {@link #withHead}). */
  public static byte[] head(Path file, int max, long listedSize) throws IOException {
    return withHead(file, max, listedSize, (b, n) -> Arrays.copyOf(b, n));
  }
}
