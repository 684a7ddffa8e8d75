package dev.spamtrace.hostroot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import dev.spamtrace.support.Printable;

/**
 * The server being inspected, seen through one directory: the live server ({@code /}), a
 * Virtuozzo container's root seen from the hardware node ({@code /vz/root/VEID}), a mounted disk
 * copy or a test fixture tree. Every reader goes through here.
 *
 * <p>Paths are resolved with chroot semantics: a symlink inside the root is read as text and its
 * target is interpreted inside the root (an absolute target starts again at the root, {@code ..}
 * stops at the root). Nothing is ever followed out of the tree being inspected.
 */
public final class HostRoot {
  /** Linux's own limit on symlinks in one lookup (MAXSYMLINKS). */
  private static final int MAX_SYMLINK_HOPS = 40;

  private final Path root;
  private final Path proc;
  private final String label;

  private HostRoot(Path root, Path proc, String label) {
    this.root = root;
    this.proc = proc;
    this.label = label;
  }

  /** A root with its {@code proc} directory at {@code <root>/proc}. */
  public static HostRoot of(Path root) {
    return of(root, null);
  }

  /**
   * @param root the server's root directory
   * @param proc the proc directory, or null for {@code <root>/proc}; a captured tree laid out like
   *     {@code /proc} works as well as the live one
   */
  public static HostRoot of(Path root, Path proc) {
    Objects.requireNonNull(root, "root");
    Path r;
    try {
      r = root.toAbsolutePath().normalize().toRealPath();
    } catch (IOException e) {
      throw new HostPathException("root " + root + " cannot be opened: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(r)) {
      throw new HostPathException("root " + root + " is not a directory");
    }
    Path p = proc == null ? r.resolve("proc") : proc.toAbsolutePath().normalize();
    String label = r.toString().equals("/") ? "/" : r.toString();
    return new HostRoot(r, p, label);
  }

  /** The directory that is {@code /} for the inspected server. */
  public Path directory() {
    return root;
  }

  /** The proc directory ({@code --proc}). */
  public Path procDirectory() {
    return proc;
  }

  /** True when the root is this machine's own {@code /}: actions may then use the live daemons. */
  public boolean isLiveSystem() {
    return root.getParent() == null;
  }

  /** How reports name this root: {@code /} or the directory. */
  public String label() {
    return label;
  }

  /**
   * Resolves a path as the server sees it ({@code /var/spool/postfix}) to a path under the root,
   * following symlinks only inside the root. The result may not exist.
   *
   * @throws HostPathException on a symlink loop or a path that is not absolute
   */
  public Path resolve(String serverPath) {
    return resolve(serverPath, true);
  }

  /**
   * Like {@link #resolve(String)}, but a symlink as the last component is not followed: the
   * result is the link itself (for lstat, readlink, or refusing to act on it).
   */
  public Path resolveNoFollow(String serverPath) {
    return resolve(serverPath, false);
  }

  private Path resolve(String serverPath, boolean followLast) {
    if (serverPath == null || !serverPath.startsWith("/")) {
      throw new HostPathException("not an absolute server path: " + printable(serverPath));
    }
    Deque<String> todo = new ArrayDeque<>(split(serverPath));
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String part = todo.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path candidate = join(done).resolve(part);
      boolean last = todo.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          throw new HostPathException("too many symlinks resolving " + printable(serverPath));
        }
        String target;
        try {
          target = Files.readSymbolicLink(candidate).toString();
        } catch (IOException e) {
          throw new HostPathException("cannot read link " + candidate + ": " + e.getMessage(), e);
        }
        List<String> targetParts = split(target);
        for (int i = targetParts.size() - 1; i >= 0; i--) {
          todo.addFirst(targetParts.get(i));
        }
        if (target.startsWith("/")) {
          done.clear();
        }
        continue;
      }
      done.add(part);
    }
    return join(done);
  }

  private Path join(List<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  private static List<String> split(String path) {
    List<String> parts = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    }
    return parts;
  }

  /** The path as the server sees it, for a path under this root. */
  public String serverPath(Path local) {
    Path abs = local.toAbsolutePath().normalize();
    if (!abs.startsWith(root)) {
      throw new HostPathException(local + " is outside the root " + root);
    }
    String rel = root.relativize(abs).toString();
    return rel.isEmpty() ? "/" : "/" + rel;
  }

  /** True when {@code local} lies inside this root (lexically, after normalising). */
  public boolean contains(Path local) {
    return local.toAbsolutePath().normalize().startsWith(root);
  }

  /** A path under the proc directory: {@code proc("1234/stat")}. */
  public Path proc(String relative) {
    return proc.resolve(relative);
  }

  /** The attributes of a path without following a final symlink, or empty when it is gone. */
  public Optional<BasicFileAttributes> lstat(Path local) {
    try {
      return Optional.of(
          Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The names in a server directory, sorted; empty when it does not exist. */
  public List<String> list(String serverDir) throws IOException {
    return listLocal(resolve(serverDir));
  }

  /** The names in a local directory under the root, sorted; empty when it does not exist. */
  public List<String> listLocal(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return names;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    }
    names.sort(null);
    return names;
  }

  /**
   * Reads at most {@code maxBytes} of a regular file under the root. FIFOs, devices and sockets
   * are never opened (reading a FIFO would block the run); a symlink as the last component is
   * refused rather than followed.
   */
  public FileRead read(Path local, long maxBytes) {
    return readRegular(local, (in, a) -> {
      byte[] bytes = in.readNBytes(cap(maxBytes));
      boolean truncated = in.read() != -1;
      return new FileRead.Content(local, bytes, truncated, a.size());
    });
  }

  /** How an open regular file is read: its stream and its attributes from the lstat before the open. */
  @FunctionalInterface
  private interface Reading {
    FileRead from(InputStream in, BasicFileAttributes a) throws IOException;
  }

  /**
   * Opens {@code local} only when an lstat says it is a regular file, without following a final
   * symlink, and hands it to {@code reading}; a file that vanished or cannot be read says so.
   */
  private static FileRead readRegular(Path local, Reading reading) {
    Object checked = regularFile(local);
    if (checked instanceof FileRead notRead) {
      return notRead;
    }
    try (InputStream in = Files.newInputStream(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return reading.from(in, (BasicFileAttributes) checked);
    } catch (NoSuchFileException e) {
      return new FileRead.Missing(local);
    } catch (IOException | SecurityException e) {
      return new FileRead.Unreadable(local, e.toString());
    }
  }

  private static int cap(long maxBytes) {
    return (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
  }

  /** The file's attributes when it is a regular file (never opened otherwise: a FIFO would block), else why not. */
  private static Object regularFile(Path local) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new FileRead.Missing(local);
    } catch (IOException e) {
      return new FileRead.Unreadable(local, e.toString());
    }
    if (a.isSymbolicLink()) {
      return new FileRead.NotRegular(local, "symlink");
    }
    if (!a.isRegularFile()) {
      return new FileRead.NotRegular(local, a.isDirectory() ? "directory" : "special file");
    }
    return a;
  }

  /**
   * {@link #read(Path, long)} into a reused buffer: the content, when there is some, is a
   * {@link FileRead.Buffered} valid until the buffer's next read.
   */
  public FileRead read(Path local, long maxBytes, ReadBuffer into) {
    return readRegular(local, (in, a) -> {
      int cap = cap(maxBytes);
      // Room for the listed size and one byte more, so a file that grew is seen without a second read call.
      byte[] b = into.atLeast((int) Math.min(cap, Math.max(0, a.size())) + 1, 0);
      int n = 0;
      while (n < cap) {
        if (n == b.length) {
          b = into.atLeast((int) Math.min(cap, n * 2L), n);
        }
        int r = in.read(b, n, Math.min(b.length, cap) - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      boolean truncated = n >= cap && in.read() != -1;
      return new FileRead.Buffered(local, b, n, truncated, a.size());
    });
  }

  /** Reads a server path; see {@link #read(Path, long)}. */
  public FileRead read(String serverPath, long maxBytes) {
    return read(resolve(serverPath), maxBytes);
  }

  /** The text of a symlink, never followed: how {@code /proc/PID/exe} is read. */
  public Optional<String> readLink(Path local) {
    try {
      return Optional.of(Files.readSymbolicLink(local).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static String printable(String s) {
    return Printable.of(s);
  }

  @Override
  public String toString() {
    return "HostRoot[" + root + (proc.equals(root.resolve("proc")) ? "" : ", proc=" + proc) + "]";
  }
}
