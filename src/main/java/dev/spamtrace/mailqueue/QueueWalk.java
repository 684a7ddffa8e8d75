package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists a queue folder's message files (and its hashed subfolders', to a depth), never following
 * symlinks. A folder that vanishes while being listed is simply empty (the MTA removed it); any
 * other failure is a gap.
 */
public final class QueueWalk {
  private QueueWalk() {}

  /**
   * A file found in a queue folder.
   *
   * @param local the path under the root
   * @param relative its path below the queue folder ({@code E/E74E117099E})
   * @param name its file name (the message id, for most MTAs), made once: readers sort and look
   *     up by it a hundred thousand times
   */
  public record Entry(Path local, String relative, BasicFileAttributes attributes, String name) {
    public Entry(Path local, String relative, BasicFileAttributes attributes) {
      this(local, relative, attributes, local.getFileName().toString());
    }
  }

  /**
   * The names in one folder, without looking at each (one readdir): for "does this message have
   * an info/ file" questions asked a hundred thousand times. Empty when the folder is missing.
   */
  public static java.util.Set<String> names(Path dir, List<QueueSnapshot.QueueGap> gaps, HostRoot root) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException | RuntimeException e) {
      gaps.add(new QueueSnapshot.QueueGap(root.serverPath(dir), "cannot list: " + e.getMessage()));
    }
    return out;
  }

  /** Regular files under {@code dir} down to {@code depth} levels of subfolders. */
  public static List<Entry> files(HostRoot root, Path dir, int depth, int limit, List<QueueSnapshot.QueueGap> gaps) {
    List<Entry> out = new ArrayList<>();
    walk(root, dir, "", depth, limit, out, gaps);
    return out;
  }

  private static void walk(HostRoot root, Path dir, String prefix, int depth, int limit, List<Entry> out, List<QueueSnapshot.QueueGap> gaps) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> subdirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (out.size() >= limit) {
          return;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // delivered and removed while we looked
        }
        String name = p.getFileName().toString();
        String rel = prefix + name;
        if (a.isDirectory()) {
          if (depth > 0) {
            subdirs.add(p);
          } else {
            gaps.add(new QueueSnapshot.QueueGap(root.serverPath(p), "unexpected folder in the queue; not read"));
          }
        } else if (a.isRegularFile()) {
          out.add(new Entry(p, rel, a, name));
        } else {
          gaps.add(new QueueSnapshot.QueueGap(root.serverPath(p),
              (a.isSymbolicLink() ? "symlink" : "special file") + " in the queue; not followed or opened"));
        }
      }
    } catch (NoSuchFileException e) {
      return; // the folder vanished while being read
    } catch (IOException | RuntimeException e) {
      gaps.add(new QueueSnapshot.QueueGap(root.serverPath(dir), "cannot list: " + e.getMessage()));
      return;
    }
    subdirs.sort(null);
    for (Path d : subdirs) {
      walk(root, d, prefix + d.getFileName() + "/", depth - 1, limit, out, gaps);
    }
  }
}
