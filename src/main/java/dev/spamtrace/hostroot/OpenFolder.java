package dev.spamtrace.hostroot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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

  /** The thread's array a file's start is handed over in, when it is reached by path. */
  private static final ThreadLocal<byte[]> HEAP = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);

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
    return UnixCalls.lstat(fd, name, UnixCalls.buffers());
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
    b.file = UnixCalls.openFile(fd, name, b);
    try {
      return head(b, b.heap, max, listedSize, reader);
    } finally {
      UnixCalls.close(b.file);
    }
  }

  /**
   * {@link #withHead(String, int, long, HeadReader)} for a file given by its path, through the
   * public API: one open without following a final symlink, one read, one close.
   */
  public static <T> T withHead(Path file, int max, long listedSize, HeadReader<T> reader) throws IOException {
    try (FileChannel ch = FileChannel.open(file, READ_NOFOLLOW)) {
      return head((into, off, len) -> ch.read(ByteBuffer.wrap(into, off, len)), HEAP.get(), max, listedSize, reader);
    }
  }

  /** Where a file's bytes come from: at most {@code len} into {@code into} at {@code off}; 0 or less at its end. */
  interface Bytes {
    int read(byte[] into, int off, int len) throws IOException;
  }

  /**
   * Reads the start of a file into {@code buf} (the thread's) and hands it to {@code reader}:
   * up to the listed size when known and smaller, else up to the buffer, then on up to
   * {@code max} in a fresh array when the file is larger (a message to thousands of recipients).
   */
  private static <T> T head(Bytes in, byte[] buf, int max, long listedSize, HeadReader<T> reader) throws IOException {
    int want = Math.min(max, buf.length);
    boolean known = listedSize >= 0 && listedSize < want;
    int limit = known ? (int) listedSize : want;
    int got = 0;
    while (got < limit) {
      int r = in.read(buf, got, limit - got);
      if (r <= 0) {
        break;
      }
      got += r;
    }
    if (known || got < limit || got >= max) {
      return reader.read(buf, got);
    }
    ByteArrayOutputStream more = new ByteArrayOutputStream(got * 2);
    more.write(buf, 0, got);
    while (more.size() < max) {
      int r = in.read(buf, 0, Math.min(buf.length, max - more.size()));
      if (r <= 0) {
        break;
      }
      more.write(buf, 0, r);
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
