package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.FileStat;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.hostroot.OpenFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a queue folder's message files (and its hashed subfolders', to a depth) by name, and
 * looks at each file when its reader gets to it, never following symlinks. A folder that vanishes
 * while being listed is simply empty (the MTA removed it); any other failure is a gap.
 */
public final class QueueWalk {
  private QueueWalk() {}

  /**
   * A file found in a queue folder: what a reader needs to open it, and no more. A queue of a
   * hundred thousand messages keeps a hundred thousand of these through the read, so they hold
   * the folder (shared by every file in it), the name, size and time, not a path and an attribute
   * object each.
   *
   * @param folder the folder it is in, under the root (one object for all its files)
   * @param prefix its folder's path below the queue folder, with a trailing slash ({@code E/}), or
   *     empty; shared like the folder
   * @param name its file name (the message id, for most MTAs), made once: readers sort and look
   *     up by it a hundred thousand times
   * @param size its size when listed
   * @param modifiedNanos its modification time when listed, in nanoseconds since the epoch
   */
  public record Entry(Path folder, String prefix, String name, long size, long modifiedNanos) {
    /** The path under the root (made on demand). */
    public Path local() {
      return folder.resolve(name);
    }

    /** Its path below the queue folder ({@code E/E74E117099E}). */
    public String relative() {
      return prefix.isEmpty() ? name : prefix + name;
    }

    public Instant modified() {
      return FileStat.instant(modifiedNanos);
    }
  }

  /**
   * The names in one folder, without looking at each (one readdir): for "does this message have
   * an info/ file" questions asked a hundred thousand times. Empty when the folder is missing.
   */
  public static java.util.Set<String> names(Path dir, List<QueueSnapshot.QueueGap> gaps, HostRoot root) {
    return new java.util.HashSet<>(java.util.Arrays.asList(list(root, dir, gaps)));
  }

  /**
   * One folder's names, from one readdir ({@link java.io.File#list()} makes no path object for
   * each); none when it is missing or was removed by the MTA meanwhile, and a gap when it is there
   * but cannot be read. A symlink is not a folder here.
   */
  private static String[] list(HostRoot root, Path dir, List<QueueSnapshot.QueueGap> gaps) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return new String[0];
    }
    String[] names = dir.toFile().list();
    if (names == null) {
      // java.io.File gives no reason: a folder still there could not be read; one gone was removed by the MTA
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        gaps.add(new QueueSnapshot.QueueGap(root.serverPath(dir), "cannot list (unreadable)"));
      }
      return new String[0];
    }
    return names;
  }

  /** A name found in a queue folder, not yet looked at (see {@link #named} and {@link #look}). */
  public record Name(Path folder, String prefix, String name) {
    /** The path under the root (made on demand). */
    public Path local() {
      return folder.resolve(name);
    }
  }

  /**
   * The names under {@code dir} down to {@code depth} levels of hashed subfolders: each folder is
   * read once (one readdir), and the files in it are not looked at here. Readers look at each
   * ({@link #look}) as they read it, side by side with the others: on a fresh JVM, before anything
   * is compiled, a separate pass of a hundred thousand lstat calls took a sixth of a run.
   *
   * <p>Queue files are named by long ids (Postfix, Exim) or inode numbers (qmail); the MTAs' hashed
   * folders have names of one or two characters. Only those short names are looked at here, to
   * find the folders; a long name that turns out to be a folder is reported when it is looked at.
   */
  public static List<Name> named(HostRoot root, Path dir, int depth, int limit, List<QueueSnapshot.QueueGap> gaps) {
    List<Name> out = named(root, dir, "", depth, limit, gaps);
    return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
  }

  private static List<Name> named(HostRoot root, Path dir, String prefix, int depth, int limit, List<QueueSnapshot.QueueGap> gaps) {
    List<Name> out = new ArrayList<>();
    List<Path> subdirs = new ArrayList<>();
    for (String name : list(root, dir, gaps)) {
      if (out.size() >= limit) {
        break; // past mailqueue.max-messages: a queue of millions is not listed whole
      }
      if (name.length() <= 2) {
        Path p = dir.resolve(name);
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          undecodable(root, p, name, gaps); // else gone since the listing
          continue;
        } catch (IOException | RuntimeException e) {
          gaps.add(new QueueSnapshot.QueueGap(root.serverPath(p), "cannot stat: " + e.getMessage()));
          continue;
        }
        if (a.isDirectory()) {
          if (depth > 0) {
            subdirs.add(p);
          } else {
            gaps.add(new QueueSnapshot.QueueGap(root.serverPath(p), "unexpected folder in the queue; not read"));
          }
          continue;
        }
      }
      out.add(new Name(dir, prefix, name));
    }
    subdirs.sort(null);
    for (List<Name> sub : subdirs.parallelStream()
        .map(d -> named(root, d, prefix + d.getFileName() + "/", depth - 1, limit, gaps)).toList()) {
      if (out.size() < limit) {
        out.addAll(sub);
      }
    }
    return out;
  }

  /**
   * A listed name with bytes the file system's encoding cannot decode comes back from
   * {@link java.io.File#list()} with replacement characters, and no longer names the file: it is
   * reported, not taken for a file the MTA removed meanwhile.
   */
  private static void undecodable(HostRoot root, Path p, String name, List<QueueSnapshot.QueueGap> gaps) {
    if (name.indexOf('\uFFFD') >= 0) {
      gaps.add(new QueueSnapshot.QueueGap(root.serverPath(p), "name not valid in the file system's encoding; not read"));
    }
  }

  /**
   * Looks at a listed name (lstat, never following a symlink) in its folder, held open in
   * {@code folders}: its entry when it is a regular file; null when it has gone since the listing,
   * or is anything else (a gap says what).
   */
  public static Entry look(HostRoot root, OpenFolders folders, Name n, List<QueueSnapshot.QueueGap> gaps) {
    FileStat a;
    try {
      a = folders.of(n.folder()).look(n.name());
    } catch (IOException | RuntimeException e) {
      gaps.add(new QueueSnapshot.QueueGap(root.serverPath(n.local()), "cannot stat: " + e.getMessage()));
      return null;
    }
    if (a == null) {
      undecodable(root, n.local(), n.name(), gaps); // else delivered and removed since the listing
      return null;
    }
    if (a.isRegularFile()) {
      return new Entry(n.folder(), n.prefix(), n.name(), a.size(), a.modifiedNanos());
    }
    gaps.add(new QueueSnapshot.QueueGap(root.serverPath(n.local()), a.type() == FileStat.Type.DIRECTORY ? "unexpected folder in the queue; not read"
        : (a.type() == FileStat.Type.SYMLINK ? "symlink" : "special file") + " in the queue; not followed or opened"));
    return null;
  }
}
