package dev.spamtrace.hostroot;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.NoSuchFileException;

/**
 * openat, fstatat, read and close by name inside an open folder, through the JDK's own Unix file
 * system code ({@code sun.nio.fs.UnixNativeDispatcher}), for {@link OpenFolder}.
 *
 * <p>Why: a mail queue is read as a few hundred thousand small files. Through the public API each
 * costs a path object, a channel with its cleaner registration, an attribute object, and a walk of
 * the whole path in the kernel, twice (lstat, then open). Java 17 has no public way to open a file
 * relative to a folder (the foreign-function API came in Java 22). Measured on the 100k qmail
 * bench queue (300k files, 4 threads, 2 cores): 1.85 s through FileChannel, 0.96 s this way.
 *
 * <p>The jar's manifest opens {@code sun.nio.fs} and {@code java.nio} to it ({@code Add-Opens});
 * the test run does the same. Everything is looked up once here: when anything is missing
 * (another JDK, another OS or architecture, the packages not opened), or when
 * {@code -Dspamtrace.plain-file-access=true} asks for it, {@link #AVAILABLE} is false and every
 * folder is read through the public API, with the same results.
 */
final class UnixCalls {
  private UnixCalls() {}

  /** True when the calls below work here. */
  static final boolean AVAILABLE;
  /** Why they are not available (for the debug log and tests), or null. */
  static final String UNAVAILABLE_BECAUSE;

  static final int O_RDONLY = 0;
  static final int O_NOCTTY = 0400;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  /** Architecture-dependent (arm64 has its own); set below. */
  static final int O_DIRECTORY;
  static final int O_NOFOLLOW;
  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int ENOENT = 2;
  static final int ENOTDIR = 20;
  static final int ELOOP = 40;

  static final int S_IFMT = 0170000;
  static final int S_IFREG = 0100000;
  static final int S_IFDIR = 0040000;
  static final int S_IFLNK = 0120000;

  private static final MethodHandle OPENAT;
  /** The natives behind openat and fstatat, given the name in native memory: no copy through the JDK's thread-local buffers. */
  private static final MethodHandle OPENAT0;
  private static final MethodHandle FSTATAT0;
  private static final MethodHandle FSTATAT;
  private static final MethodHandle READ;
  private static final MethodHandle CLOSE;
  private static final MethodHandle NEW_ATTRIBUTES;
  private static final MethodHandle MODE;
  private static final MethodHandle SIZE;
  private static final MethodHandle MTIME_SEC;
  private static final MethodHandle MTIME_NSEC;
  private static final MethodHandle ERRNO;
  private static final MethodHandle BUFFER_ADDRESS;
  private static final Class<?> UNIX_EXCEPTION;

  /** How names become bytes for the kernel: the JDK's own choice for file names. */
  static final Charset NAMES;

  static {
    MethodHandle openat = null;
    MethodHandle openat0 = null;
    MethodHandle fstatat0 = null;
    MethodHandle fstatat = null;
    MethodHandle read = null;
    MethodHandle close = null;
    MethodHandle newAttributes = null;
    MethodHandle mode = null;
    MethodHandle size = null;
    MethodHandle mtimeSec = null;
    MethodHandle mtimeNsec = null;
    MethodHandle errno = null;
    MethodHandle bufferAddress = null;
    Class<?> unixException = null;
    Charset names = Charset.defaultCharset();
    int oDirectory = 0;
    int oNofollow = 0;
    String why = null;
    String arch = System.getProperty("os.arch", "");
    if (Boolean.getBoolean("spamtrace.plain-file-access")) {
      why = "asked for (spamtrace.plain-file-access)";
    } else if (!System.getProperty("os.name", "").equals("Linux")) {
      why = "not Linux";
    } else if (arch.equals("amd64") || arch.equals("x86_64")) {
      oDirectory = 0200000;
      oNofollow = 0400000;
    } else if (arch.equals("aarch64")) {
      oDirectory = 040000;
      oNofollow = 0100000;
    } else {
      why = "open flags not known for " + arch;
    }
    if (why == null) {
      try {
        names = Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        Class<?> d = Class.forName("sun.nio.fs.UnixNativeDispatcher");
        Class<?> a = Class.forName("sun.nio.fs.UnixFileAttributes");
        unixException = Class.forName("sun.nio.fs.UnixException");
        MethodHandles.Lookup ld = MethodHandles.privateLookupIn(d, MethodHandles.lookup());
        MethodHandles.Lookup la = MethodHandles.privateLookupIn(a, MethodHandles.lookup());
        MethodHandles.Lookup le = MethodHandles.privateLookupIn(unixException, MethodHandles.lookup());
        MethodHandles.Lookup lb = MethodHandles.privateLookupIn(java.nio.Buffer.class, MethodHandles.lookup());
        openat = ld.findStatic(d, "openat", MethodType.methodType(int.class, int.class, byte[].class, int.class, int.class));
        fstatat = ld.findStatic(d, "fstatat", MethodType.methodType(void.class, int.class, byte[].class, int.class, a))
            .asType(MethodType.methodType(void.class, int.class, byte[].class, int.class, Object.class));
        openat0 = ld.findStatic(d, "openat0", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
        fstatat0 = ld.findStatic(d, "fstatat0", MethodType.methodType(void.class, int.class, long.class, int.class, a))
            .asType(MethodType.methodType(void.class, int.class, long.class, int.class, Object.class));
        read = ld.findStatic(d, "read", MethodType.methodType(int.class, int.class, long.class, int.class));
        close = ld.findStatic(d, "close", MethodType.methodType(void.class, int.class));
        newAttributes = la.findConstructor(a, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
        mode = la.findGetter(a, "st_mode", int.class).asType(MethodType.methodType(int.class, Object.class));
        size = la.findGetter(a, "st_size", long.class).asType(MethodType.methodType(long.class, Object.class));
        mtimeSec = la.findGetter(a, "st_mtime_sec", long.class).asType(MethodType.methodType(long.class, Object.class));
        mtimeNsec = la.findGetter(a, "st_mtime_nsec", long.class).asType(MethodType.methodType(long.class, Object.class));
        errno = le.findVirtual(unixException, "errno", MethodType.methodType(int.class)).asType(MethodType.methodType(int.class, Throwable.class));
        bufferAddress = lb.findGetter(java.nio.Buffer.class, "address", long.class).asType(MethodType.methodType(long.class, ByteBuffer.class));
        // A trial run: the root folder, looked at through itself.
        Object attrs = newAttributes.invokeExact();
        int fd = (int) openat.invokeExact(AT_FDCWD, "/".getBytes(names), O_RDONLY | oDirectory | O_CLOEXEC, 0);
        try {
          fstatat.invokeExact(fd, ".".getBytes(names), AT_SYMLINK_NOFOLLOW, attrs);
        } finally {
          close.invokeExact(fd);
        }
        if (((int) mode.invokeExact(attrs) & S_IFMT) != S_IFDIR) {
          why = "trial run: / is not a folder";
        }
      } catch (Throwable t) {
        why = t.toString();
      }
    }
    boolean ok = why == null;
    AVAILABLE = ok;
    UNAVAILABLE_BECAUSE = why;
    O_DIRECTORY = oDirectory;
    O_NOFOLLOW = oNofollow;
    NAMES = names;
    OPENAT = ok ? openat : null;
    OPENAT0 = ok ? openat0 : null;
    FSTATAT0 = ok ? fstatat0 : null;
    FSTATAT = ok ? fstatat : null;
    READ = ok ? read : null;
    CLOSE = ok ? close : null;
    NEW_ATTRIBUTES = ok ? newAttributes : null;
    MODE = ok ? mode : null;
    SIZE = ok ? size : null;
    MTIME_SEC = ok ? mtimeSec : null;
    MTIME_NSEC = ok ? mtimeNsec : null;
    ERRNO = ok ? errno : null;
    BUFFER_ADDRESS = ok ? bufferAddress : null;
    UNIX_EXCEPTION = ok ? unixException : null;
  }

  /** The longest name put in native memory here (Linux's NAME_MAX is 255 bytes); longer ones go through the JDK's copy. */
  private static final int NAME_CAPACITY = 1024;

  /**
   * One thread's buffers, reused file after file: the stat result, the name in native memory,
   * the native read buffer and the array a file's start is handed over in.
   */
  static final class ThreadBuffers {
    final Object attributes;
    final ByteBuffer direct;
    final long address;
    final ByteBuffer name;
    final long nameAddress;
    final byte[] heap;

    private ThreadBuffers(int capacity) {
      try {
        attributes = NEW_ATTRIBUTES.invokeExact();
        direct = ByteBuffer.allocateDirect(capacity);
        address = (long) BUFFER_ADDRESS.invokeExact(direct);
        name = ByteBuffer.allocateDirect(NAME_CAPACITY + 1);
        nameAddress = (long) BUFFER_ADDRESS.invokeExact(name);
        heap = new byte[capacity];
      } catch (Throwable t) {
        throw new IllegalStateException("native buffers", t);
      }
    }

    /** Puts {@code s} and its NUL into {@link #name}; false when it is too long for it. */
    boolean putName(String s) {
      int n = s.length();
      if (n > NAME_CAPACITY) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          byte[] b = s.getBytes(NAMES);
          if (b.length > NAME_CAPACITY) {
            return false;
          }
          name.put(0, b);
          name.put(b.length, (byte) 0);
          return true;
        }
        name.put(i, (byte) c);
      }
      name.put(n, (byte) 0);
      return true;
    }
  }

  private static final ThreadLocal<ThreadBuffers> BUFFERS = ThreadLocal.withInitial(() -> new ThreadBuffers(OpenFolder.BUFFER_SIZE));

  static ThreadBuffers buffers() {
    return BUFFERS.get();
  }

  /** Opens a folder by its absolute path, never following a final symlink. */
  static int openFolder(String path) throws IOException {
    try {
      return (int) OPENAT.invokeExact(AT_FDCWD, path.getBytes(NAMES), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    } catch (Throwable t) {
      throw failure(t, path);
    }
  }

  /** lstat of {@code name} in the folder {@code dir} into {@code b.attributes}; false when there is no such file. */
  static boolean lstat(int dir, String name, ThreadBuffers b) throws IOException {
    try {
      if (b.putName(name)) {
        FSTATAT0.invokeExact(dir, b.nameAddress, AT_SYMLINK_NOFOLLOW, b.attributes);
      } else {
        FSTATAT.invokeExact(dir, name.getBytes(NAMES), AT_SYMLINK_NOFOLLOW, b.attributes);
      }
      return true;
    } catch (Throwable t) {
      int e = errno(t);
      if (e == ENOENT || e == ENOTDIR) {
        return false;
      }
      throw failure(t, name);
    }
  }

  static int mode(ThreadBuffers b) throws IOException {
    try {
      return (int) MODE.invokeExact(b.attributes);
    } catch (Throwable t) {
      throw failure(t, null);
    }
  }

  static long size(ThreadBuffers b) throws IOException {
    try {
      return (long) SIZE.invokeExact(b.attributes);
    } catch (Throwable t) {
      throw failure(t, null);
    }
  }

  static long modifiedNanos(ThreadBuffers b) throws IOException {
    try {
      return (long) MTIME_SEC.invokeExact(b.attributes) * 1_000_000_000L + (long) MTIME_NSEC.invokeExact(b.attributes);
    } catch (Throwable t) {
      throw failure(t, null);
    }
  }

  /**
   * Opens {@code name} in the folder for reading: never through a symlink, and never waiting (a
   * FIFO put in place since it was looked at opens at once and reads as empty).
   */
  static int openFile(int dir, String name, ThreadBuffers b) throws IOException {
    int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    try {
      return b.putName(name) ? (int) OPENAT0.invokeExact(dir, b.nameAddress, flags, 0)
          : (int) OPENAT.invokeExact(dir, name.getBytes(NAMES), flags, 0);
    } catch (Throwable t) {
      throw failure(t, name);
    }
  }

  /** Reads up to {@code len} bytes into the thread's native buffer at {@code offset}; 0 at the end. */
  static int read(int fd, ThreadBuffers b, int offset, int len) throws IOException {
    try {
      return (int) READ.invokeExact(fd, b.address + offset, len);
    } catch (Throwable t) {
      throw failure(t, null);
    }
  }

  static void close(int fd) {
    try {
      CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      // close(2) failing on a file only read from loses nothing
    }
  }

  private static int errno(Throwable t) {
    if (UNIX_EXCEPTION.isInstance(t)) {
      try {
        return (int) ERRNO.invokeExact(t);
      } catch (Throwable x) {
        return -1;
      }
    }
    return -1;
  }

  /** The JDK's Unix error as the IOException the public API would have given. */
  private static IOException failure(Throwable t, String name) {
    if (t instanceof Error e) {
      throw e;
    }
    String file = name == null ? "" : name;
    String what = name == null ? "" : name + ": ";
    int e = errno(t);
    if (e == ENOENT) {
      return new NoSuchFileException(file);
    }
    if (e == ELOOP) {
      return new IOException(what + "a symlink (not followed)");
    }
    return t instanceof IOException io ? io : new IOException(what + t.getMessage(), t);
  }
}
