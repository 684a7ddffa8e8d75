package dev.spamtrace.response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Moving files without losing them: a rename when both ends are on one file system, otherwise
 * copy, sync, verify the hash, and only then unlink the original. Used by quarantine, restore and
 * anything else that takes a file away.
 */
public final class SafeFiles {
  private SafeFiles() {}

  public static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Syncs a file or directory to disk. */
  public static void fsync(Path p) throws IOException {
    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    try (FileChannel ch = FileChannel.open(p, dir ? new StandardOpenOption[] {StandardOpenOption.READ}
        : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e;
      }
      // Some file systems refuse to sync a directory; the rename itself is already atomic there.
    }
  }

  /**
   * Moves {@code from} to {@code to} (which must not exist) keeping the content exactly; returns
   * true when it was a rename, false when it was copied across file systems. Never overwrites.
   */
  public static boolean move(Path from, Path to, String expectedSha256) throws IOException {
    if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileSystemException(to.toString(), null, "destination exists; refusing to overwrite");
    }
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      fsync(to.getParent());
      fsync(from.getParent());
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      // different file systems: fall through to copy + verify + unlink
    }
    Path part = to.resolveSibling(to.getFileName() + ".part");
    Files.deleteIfExists(part);
    Files.copy(from, part, LinkOption.NOFOLLOW_LINKS);
    fsync(part);
    String got = sha256(part);
    if (expectedSha256 != null && !got.equals(expectedSha256)) {
      Files.deleteIfExists(part);
      throw new IOException("copy of " + from + " does not match its hash; original left in place");
    }
    Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
    fsync(to.getParent());
    Files.delete(from);
    fsync(from.getParent());
    return false;
  }
}
