package dev.spamtrace.response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Owner, mode and times of a file, read before an action and put back by its undo. Owners are
 * kept as numbers: a container's users are not the hardware node's.
 *
 * @param mode the permission bits including setuid/setgid/sticky (07777)
 */
public record FileState(int uid, int gid, String owner, String group, int mode, long size, Instant modified, Instant accessed) {

  public static FileState of(Path p) throws IOException {
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    int mode = ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    return new FileState(uid, gid, a.owner().getName(), a.group().getName(), mode, a.size(),
        a.lastModifiedTime().toInstant(), a.lastAccessTime().toInstant());
  }

  public String modeOctal() {
    return String.format("%04o", mode);
  }

  public static int parseMode(String octal) {
    return Integer.parseInt(octal, 8) & 07777;
  }

  /** Sets owner, mode and times on {@code p}; setuid/setgid/sticky bits through chmod(1). */
  public void applyTo(Path p, SystemCommand commands) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    setMode(p, mode, commands);
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(modified), FileTime.from(accessed), null);
  }

  /** Sets the permission bits; the special bits (04000, 02000, 01000) need chmod(1). */
  public static void setMode(Path p, int mode, SystemCommand commands) throws IOException {
    Files.setPosixFilePermissions(p, permissions(mode));
    if ((mode & 07000) != 0) {
      SystemCommand.Result r = commands.run(List.of("chmod", String.format("%04o", mode), "--", p.toString()));
      if (!r.ok()) {
        throw new IOException("chmod " + String.format("%04o", mode) + " " + p + ": " + r.describe());
      }
    }
  }

  public static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(order[i]);
      }
    }
    return s;
  }
}
