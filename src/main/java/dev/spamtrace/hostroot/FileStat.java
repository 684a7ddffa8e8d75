package dev.spamtrace.hostroot;

/**
 * What an lstat of a file says, as far as readers need it.
 *
 * @param type what it is (a symlink is never followed to find out more)
 * @param size its size in bytes
 * @param modifiedNanos its modification time, in nanoseconds since the epoch
 */
public record FileStat(Type type, long size, long modifiedNanos) {
  /** The kinds of directory entry readers tell apart. */
  public enum Type {
    REGULAR, DIRECTORY, SYMLINK, OTHER
  }

  public boolean isRegularFile() {
    return type == Type.REGULAR;
  }

  /** As {@link java.nio.file.attribute.BasicFileAttributes#lastModifiedTime()} would say it. */
  public java.time.Instant modified() {
    return instant(modifiedNanos);
  }

  /** Nanoseconds since the epoch as an instant (before 1970 too). */
  public static java.time.Instant instant(long nanos) {
    return java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static FileStat of(java.nio.file.attribute.BasicFileAttributes a) {
    Type t = a.isRegularFile() ? Type.REGULAR : a.isDirectory() ? Type.DIRECTORY : a.isSymbolicLink() ? Type.SYMLINK : Type.OTHER;
    return new FileStat(t, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  static FileStat ofMode(int mode, long size, long modifiedNanos) {
    int f = mode & UnixCalls.S_IFMT;
    Type t = f == UnixCalls.S_IFREG ? Type.REGULAR : f == UnixCalls.S_IFDIR ? Type.DIRECTORY : f == UnixCalls.S_IFLNK ? Type.SYMLINK : Type.OTHER;
    return new FileStat(t, size, modifiedNanos);
  }
}
