package dev.spamtrace.host.proc;

import java.util.OptionalLong;

/**
 * The text of a {@code /proc/PID/exe}, {@code cwd} or {@code fd/N} link, read with readlink and
 * never followed. The kernel appends {@code " (deleted)"} when the file was unlinked after it was
 * opened: malware deletes its own binary.
 *
 * @param path the path without the suffix
 * @param deleted whether the kernel said {@code (deleted)}
 */
public record ProcLink(String path, boolean deleted) {
  static final String DELETED = " (deleted)";

  public static ProcLink parse(String text) {
    if (text.endsWith(DELETED)) {
      return new ProcLink(text.substring(0, text.length() - DELETED.length()), true);
    }
    return new ProcLink(text, false);
  }

  /** As the kernel shows it. */
  public String text() {
    return deleted ? path + DELETED : path;
  }

  /** The last component of the path. */
  public String baseName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The inode of a {@code socket:[12345]} fd link. */
  public static OptionalLong socketInode(String fdLinkText) {
    if (fdLinkText == null || !fdLinkText.startsWith("socket:[") || !fdLinkText.endsWith("]")) {
      return OptionalLong.empty();
    }
    String n = fdLinkText.substring(8, fdLinkText.length() - 1);
    Long v = dev.spamtrace.host.Numbers.longOrNull(n);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }
}
