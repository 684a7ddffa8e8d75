package dev.spamtrace.hostroot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.spamtrace.support.Printable;

/**
 * A folder under the root, opened once, whose files are looked at (lstat) and read by name: a
 * queue reader reads a hundred thousand files in a few dozen folders. On Linux the folder is held
 * open and each file is reached from it ({@link UnixCalls}: one short lookup in the kernel, no
 * path or channel objects); elsewhere, or when that is not available, each file is reached by its
 * path through the public API. Both never follow a symlink, never open anything but a file an lstat
 * found regular, and give the same answers.
 *
 * <p>Safe to use from many threads; {@link #close()} once they are done.
 */
public final class OpenFolder implements AutoCloseable {
  /** The size of each thread's read buffers (a file's start up to this is read in one call). */
  public static final int BUFFER_SIZE = 1 << 16;

  /** Read, never following a final symlink; one set for every open (the varargs form builds one each time). */
  public static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private static final ThreadLocal<ByteBuffer> HEAP = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_SIZE));

  private final Path dir;
  /** The open folder, or -1: reached by path. */
  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpenFolder(Path dir, int fd) {
    this.dir = dir;
    this.fd = fd;
  }

  /**
   * Opens {@code dir} (never through a final symlink). Never fails: a folder that cannot be held
   * open is reached by path, where each file's lookup reports what is wrong as before.
   */
  public static OpenFolder open(Path dir) {
    if (UnixCalls.AVAILABLE && dir.isAbsolute()) {
      String s = dir.toString();
      if (s.indexOf('\uFFFD') < 0) {
        try {
          return new OpenFolder(dir, UnixCalls.openFolder(s));
        } catch (IOException e) {
          // missing, not a folder, a symlink, unreadable: the path API says which, file by file
        }
      }
    }
    return byPath(dir);
  }

  /** A folder reached by path through the public API (what {@link #open} falls back to; tests compare the two). */
  public static OpenFolder byPath(Path dir) {
    return new OpenFolder(dir, -1);
  }

  /** How folders are opened in this JVM, in a line (for benchmarks and diagnostics). */
  public static String access() {
    return UnixCalls.AVAILABLE ? "folders held open, files reached by name (the JDK's Unix calls)"
        : "files reached by path through the public API (" + UnixCalls.UNAVAILABLE_BECAUSE + ")";
  }

  /** True when the folder is held open (not reached by path). */
  public boolean heldOpen() {
    return fd >= 0;
  }

  public Path path() {
    return dir;
  }

  /** What {@code name} in this folder is (lstat), or null when there is no such file. */
  public FileStat look(String name) throws IOException {
    checkName(name);
    if (fd < 0) {
      try {
        return FileStat.of(Files.readAttributes(dir.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
      } catch (NoSuchFileException e) {
        return null;
      }
    }
    if (undecodable(name)) {
      return null;
    }
    UnixCalls.ThreadBuffers b = UnixCalls.buffers();
    if (!UnixCalls.lstat(fd, name, b)) {
      return null;
    }
    return FileStat.ofMode(UnixCalls.mode(b), UnixCalls.size(b), UnixCalls.modifiedNanos(b));
  }

  /**
   * Reads up to {@code max} bytes of {@code name}, a file an lstat found regular with
   * {@code listedSize} bytes (-1 when unknown), and hands them to {@code reader} without copying
   * them out when they fit the thread's buffer. Reading stops at the listed size, without the
   * extra read that would find the end; a file that grew since is read up to its listed size.
   * A file removed meanwhile throws {@link NoSuchFileException}.
   */
  public <T> T withHead(String name, int max, long listedSize, HeadReader<T> reader) throws IOException {
    checkName(name);
    if (fd < 0) {
      return withHead(dir.resolve(name), max, listedSize, reader);
    }
    if (undecodable(name)) {
      throw new NoSuchFileException(dir.resolve(name).toString());
    }
    UnixCalls.ThreadBuffers b = UnixCalls.buffers();
    int file = UnixCalls.openFile(fd, name, b);
    try {
      int want = Math.min(max, BUFFER_SIZE);
      boolean known = listedSize >= 0 && listedSize < want;
      int limit = known ? (int) listedSize : want;
      int got = 0;
      while (got < limit) {
        int r = UnixCalls.read(file, b, got, limit - got);
        if (r <= 0) {
          break;
        }
        got += r;
      }
      byte[] heap = b.heap;
      b.direct.get(0, heap, 0, got);
      if (known || got < limit || got >= max) {
        return reader.read(heap, got);
      }
      // Larger than the buffer (a message to thousands of recipients): read on, up to max.
      ByteArrayOutputStream more = new ByteArrayOutputStream(got * 2);
      more.write(heap, 0, got);
      while (more.size() < max) {
        int r = UnixCalls.read(file, b, 0, Math.min(BUFFER_SIZE, max - more.size()));
        if (r <= 0) {
          break;
        }
        b.direct.get(0, heap, 0, r);
        more.write(heap, 0, r);
      }
      byte[] all = more.toByteArray();
      return reader.read(all, all.length);
    } finally {
      UnixCalls.close(file);
    }
  }

  /**
   * {@link #withHead(String, int, long, HeadReader)} for a file given by its path, through the
   * public API: one open without following a final symlink, one read, one close.
   */
  public static <T> T withHead(Path file, int max, long listedSize, HeadReader<T> reader) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ_NOFOLLOW)) {
      return withHead(ch, max, listedSize, reader);
    }
  }

  /** {@link #withHead(Path, int, long, HeadReader)} from a channel already open at its start. */
  public static <T> T withHead(ReadableByteChannel ch, int max, long listedSize, HeadReader<T> reader) throws IOException {
    ByteBuffer b = HEAP.get();
    int want = Math.min(max, b.capacity());
    boolean known = listedSize >= 0 && listedSize < want;
    b.clear().limit(known ? (int) listedSize : want);
    while (b.hasRemaining() && ch.read(b) > 0) {
      // keep reading until full or at the end
    }
    if (known || b.hasRemaining() || b.position() >= max) {
      return reader.read(b.array(), b.position());
    }
    ByteArrayOutputStream more = new ByteArrayOutputStream(b.position() * 2);
    more.write(b.array(), 0, b.position());
    ByteBuffer chunk = ByteBuffer.allocate(BUFFER_SIZE);
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

  /**
   * Anything that is not a single name in this folder (a slash, "..") is refused, by both ways of
   * reaching files: nothing is reached outside the folder. A closed folder's number may name
   * another file by now: it is not used.
   */
  private void checkName(String name) throws IOException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new IOException("not a file name: " + Printable.of(name));
    }
    if (closed.get()) {
      throw new IllegalStateException("folder closed: " + dir);
    }
  }

  /**
   * A name with a replacement character came from a listing that could not decode it and no
   * longer names the file: nothing is there, as the path API would find.
   */
  private static boolean undecodable(String name) {
    return name.indexOf('\uFFFD') >= 0;
  }

  @Override
  public void close() {
    if (fd >= 0 && closed.compareAndSet(false, true)) {
      UnixCalls.close(fd);
    }
  }

  @Override
  public String toString() {
    return dir + (fd >= 0 ? " (held open)" : "");
  }
}
