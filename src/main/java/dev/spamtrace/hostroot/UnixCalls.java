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
  /** Why they are not available (bench queue prints it; tests check it), or null. */
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

  /** How names become bytes for the kernel: the JDK's own choice for file names. */
  static final Charset NAMES = names();

  private static Charset names() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  static {
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
    O_DIRECTORY = oDirectory;
    O_NOFOLLOW = oNofollow;
    if (why == null) {
      try {
        why = Calls.trialRun();
      } catch (ExceptionInInitializerError e) {
        why = String.valueOf(e.getCause());
      } catch (Throwable t) {
        why = t.toString();
      }
    }
    AVAILABLE = why == null;
    UNAVAILABLE_BECAUSE = why;
  }

  /**
   * The JDK's calls, looked up when this class is first used (only once {@link #AVAILABLE} has
   * checked the platform): constants, so the compiler calls through them directly.
   */
  private static final class Calls {
    static final Class<?> UNIX_EXCEPTION = type("sun.nio.fs.UnixException");
    private static final Class<?> DISPATCHER = type("sun.nio.fs.UnixNativeDispatcher");
    private static final Class<?> ATTRIBUTES = type("sun.nio.fs.UnixFileAttributes");

    static final MethodHandle OPENAT = find(DISPATCHER, "openat", int.class, int.class, byte[].class, int.class, int.class);
    static final MethodHandle FSTATAT = find(DISPATCHER, "fstatat", void.class, int.class, byte[].class, int.class, ATTRIBUTES);
    /** The natives behind openat and fstatat, given the name in native memory: no copy through the JDK's thread-local buffers. */
    static final MethodHandle OPENAT0 = find(DISPATCHER, "openat0", int.class, int.class, long.class, int.class, int.class);
    static final MethodHandle FSTATAT0 = find(DISPATCHER, "fstatat0", void.class, int.class, long.class, int.class, ATTRIBUTES);
    static final MethodHandle READ = find(DISPATCHER, "read", int.class, int.class, long.class, int.class);
    static final MethodHandle CLOSE = find(DISPATCHER, "close", void.class, int.class);
    static final MethodHandle NEW_ATTRIBUTES;
    static final MethodHandle MODE = getter(ATTRIBUTES, "st_mode", int.class);
    static final MethodHandle SIZE = getter(ATTRIBUTES, "st_size", long.class);
    static final MethodHandle MTIME_SEC = getter(ATTRIBUTES, "st_mtime_sec", long.class);
    static final MethodHandle MTIME_NSEC = getter(ATTRIBUTES, "st_mtime_nsec", long.class);
    static final MethodHandle ERRNO;
    static final MethodHandle BUFFER_ADDRESS = getter(java.nio.Buffer.class, "address", long.class)
        .asType(MethodType.methodType(long.class, ByteBuffer.class));

    static {
      try {
        NEW_ATTRIBUTES = lookup(ATTRIBUTES).findConstructor(ATTRIBUTES, MethodType.methodType(void.class))
            .asType(MethodType.methodType(Object.class));
        ERRNO = lookup(UNIX_EXCEPTION).findVirtual(UNIX_EXCEPTION, "errno", MethodType.methodType(int.class))
            .asType(MethodType.methodType(int.class, Throwable.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Class<?> type(String name) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }

    private static MethodHandles.Lookup lookup(Class<?> c) throws IllegalAccessException {
      return MethodHandles.privateLookupIn(c, MethodHandles.lookup());
    }

    /** A static method, with the attributes type (when a parameter) seen as Object. */
    private static MethodHandle find(Class<?> c, String name, Class<?> returns, Class<?>... params) {
      try {
        MethodHandle h = lookup(c).findStatic(c, name, MethodType.methodType(returns, params));
        Class<?>[] seen = params.clone();
        for (int i = 0; i < seen.length; i++) {
          seen[i] = seen[i] == ATTRIBUTES ? Object.class : seen[i];
        }
        return h.asType(MethodType.methodType(returns, seen));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A field's getter, taking the object as Object. */
    private static MethodHandle getter(Class<?> c, String field, Class<?> type) {
      try {
        return lookup(c).findGetter(c, field, type).asType(MethodType.methodType(type, c == ATTRIBUTES ? Object.class : c));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The root folder, looked at through itself: null when that works, else why not. */
    static String trialRun() throws Throwable {
      Object attrs = NEW_ATTRIBUTES.invokeExact();
      int fd = (int) OPENAT.invokeExact(AT_FDCWD, "/".getBytes(NAMES), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
      try {
        FSTATAT.invokeExact(fd, ".".getBytes(NAMES), AT_SYMLINK_NOFOLLOW, attrs);
      } finally {
        CLOSE.invokeExact(fd);
      }
      return ((int) MODE.invokeExact(attrs) & S_IFMT) == S_IFDIR ? null : "trial run: / is not a folder";
    }
  }

  /** The longest name put in native memory here (Linux's NAME_MAX is 255 bytes); longer ones go through the JDK's copy. */
  private static final int NAME_CAPACITY = 1024;

  /**
   * One thread's buffers, reused file after file: the stat result, the name in native memory,
   * the native read buffer and the array a file's start is handed over in.
   */
  static final class ThreadBuffers implements OpenFolder.Bytes {
    final Object attributes;
    final ByteBuffer direct;
    final long address;
    final ByteBuffer name;
    final long nameAddress;
    final byte[] heap;
    /** The file being read on this thread (see {@link #read(byte[], int, int)}). */
    int file = -1;

    private ThreadBuffers(int capacity) {
      try {
        attributes = Calls.NEW_ATTRIBUTES.invokeExact();
        direct = ByteBuffer.allocateDirect(capacity);
        address = (long) Calls.BUFFER_ADDRESS.invokeExact(direct);
        name = ByteBuffer.allocateDirect(NAME_CAPACITY + 1);
        nameAddress = (long) Calls.BUFFER_ADDRESS.invokeExact(name);
        heap = new byte[capacity];
      } catch (Throwable t) {
        throw new IllegalStateException("native buffers", t);
      }
    }

    /** Reads from {@link #file} through the native buffer into {@code into}. */
    @Override
    public int read(byte[] into, int off, int len) throws IOException {
      int n = UnixCalls.read(file, this, len);
      direct.get(0, into, off, n);
      return n;
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
      return (int) Calls.OPENAT.invokeExact(AT_FDCWD, path.getBytes(NAMES), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
    } catch (Throwable t) {
      throw failure(t, path);
    }
  }

  /** lstat of {@code name} in the folder {@code dir}; null when there is no such file. */
  static FileStat lstat(int dir, String name, ThreadBuffers b) throws IOException {
    try {
      if (b.putName(name)) {
        Calls.FSTATAT0.invokeExact(dir, b.nameAddress, AT_SYMLINK_NOFOLLOW, b.attributes);
      } else {
        Calls.FSTATAT.invokeExact(dir, name.getBytes(NAMES), AT_SYMLINK_NOFOLLOW, b.attributes);
      }
      return FileStat.ofMode((int) Calls.MODE.invokeExact(b.attributes), (long) Calls.SIZE.invokeExact(b.attributes),
          (long) Calls.MTIME_SEC.invokeExact(b.attributes) * 1_000_000_000L + (long) Calls.MTIME_NSEC.invokeExact(b.attributes));
    } catch (Throwable t) {
      int e = errno(t);
      if (e == ENOENT || e == ENOTDIR) {
        return null;
      }
      throw failure(t, name);
    }
  }

  /**
   * Opens {@code name} in the folder for reading: never through a symlink, and never waiting (a
   * FIFO put in place since it was looked at opens at once and reads as empty).
   */
  static int openFile(int dir, String name, ThreadBuffers b) throws IOException {
    int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    try {
      return b.putName(name) ? (int) Calls.OPENAT0.invokeExact(dir, b.nameAddress, flags, 0)
          : (int) Calls.OPENAT.invokeExact(dir, name.getBytes(NAMES), flags, 0);
    } catch (Throwable t) {
      throw failure(t, name);
    }
  }

  /** Reads up to {@code len} bytes (at most the buffer's capacity) into the start of the thread's native buffer; 0 at the end. */
  static int read(int fd, ThreadBuffers b, int len) throws IOException {
    try {
      return (int) Calls.READ.invokeExact(fd, b.address, Math.min(len, b.direct.capacity()));
    } catch (Throwable t) {
      throw failure(t, null);
    }
  }

  static void close(int fd) {
    try {
      Calls.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      // close(2) failing on a file only read from loses nothing
    }
  }

  private static int errno(Throwable t) {
    if (Calls.UNIX_EXCEPTION.isInstance(t)) {
      try {
        return (int) Calls.ERRNO.invokeExact(t);
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
