package dev.spamtrace.filescan.walk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a directory tree under a root without ever following a symlink or opening anything but
 * directories: every entry is described from one {@code lstat}. Symlinks, FIFOs, sockets and
 * devices are reported as what they are and never opened (a FIFO would block the run forever; a
 * symlink could lead out of the root). Bounded in depth and entry count; a directory seen twice
 * (a bind mount looping back) is not walked again. Everything that could not be looked at
 * (permission denied, vanished mid-walk, too deep, too many) is reported as a gap, never skipped
 * silently.
 */
public final class TreeWalker {
  /**
   * @param maxDepth folders deeper than this below the start are not entered
   * @param maxEntries stop after this many entries in one walk
   */
  public record Limits(int maxDepth, long maxEntries) {
    public static Limits defaults() {
      return new Limits(64, 5_000_000);
    }
  }

  /** What an entry is, from its lstat. */
  public enum Kind { FILE, DIRECTORY, SYMLINK, FIFO, SOCKET, DEVICE, OTHER }

  /**
   * One entry of the tree.
   *
   * @param local the path on this machine (its bytes as the file system gave them: names that are
   *     not valid UTF-8 still open)
   * @param relative the path below the start, '/'-separated, for people (invalid bytes shown as U+FFFD)
   * @param depth 1 for the start's children
   * @param mode permission bits with setuid/setgid/sticky (07777)
   */
  public record Entry(Path local, String relative, Kind kind, long size, int uid, int gid, int mode, Instant modified, int depth) {
    public String name() {
      Path f = local.getFileName();
      return f == null ? "" : f.toString();
    }
  }

  /** Receives the walk. */
  public interface Visitor {
    void entry(Entry e);

    /**
     * Something could not be looked at.
     *
     * @param local where
     * @param reason why, in English (the caller words it for reports)
     */
    void gap(Path local, String reason);
  }

  private final Limits limits;

  public TreeWalker(Limits limits) {
    this.limits = limits;
  }

  /**
   * Walks everything below {@code start} (not {@code start} itself), in sorted name order per
   * folder. {@code enter} decides whether a folder is descended into (its entry is reported
   * either way).
   */
  public void walk(Path start, Predicate<Entry> enter, Visitor v) {
    Deque<Object[]> stack = new ArrayDeque<>();
    Set<String> seenDirs = new HashSet<>();
    Map<String, Object> startAttrs = lstat(start, v);
    if (startAttrs == null) {
      return;
    }
    if (kind(startAttrs) != Kind.DIRECTORY) {
      v.gap(start, kind(startAttrs) == Kind.SYMLINK ? "is a symlink; not followed" : "is not a directory");
      return;
    }
    seenDirs.add(startAttrs.get("dev") + ":" + startAttrs.get("ino"));
    stack.push(new Object[] {start, "", 0});
    long count = 0;
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      Path dir = (Path) top[0];
      String rel = (String) top[1];
      int depth = (Integer) top[2];
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          children.add(p);
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        v.gap(dir, "vanished during the scan");
        continue;
      } catch (AccessDeniedException e) {
        v.gap(dir, "permission denied");
        continue;
      } catch (IOException | DirectoryIteratorException | SecurityException e) {
        v.gap(dir, "cannot be listed: " + e);
        continue;
      }
      children.sort(null);
      List<Object[]> subdirs = new ArrayList<>();
      for (Path child : children) {
        if (++count > limits.maxEntries()) {
          v.gap(dir, "stopped after " + limits.maxEntries() + " entries (filescan.max-entries)");
          return;
        }
        Map<String, Object> a = lstat(child, v);
        if (a == null) {
          continue;
        }
        String name = child.getFileName().toString();
        String childRel = rel.isEmpty() ? name : rel + "/" + name;
        Kind k = kind(a);
        Entry e = new Entry(child, childRel, k, (Long) a.get("size"), (Integer) a.get("uid"), (Integer) a.get("gid"),
            ((Integer) a.get("mode")) & 07777, ((FileTime) a.get("lastModifiedTime")).toInstant(), depth + 1);
        v.entry(e);
        if (k == Kind.DIRECTORY && enter.test(e)) {
          if (depth + 1 >= limits.maxDepth()) {
            v.gap(child, "deeper than " + limits.maxDepth() + " folders (filescan.max-depth); not entered");
          } else if (!seenDirs.add(a.get("dev") + ":" + a.get("ino"))) {
            v.gap(child, "the same folder was already walked (a bind mount loop?); not entered again");
          } else {
            subdirs.add(new Object[] {child, childRel, depth + 1});
          }
        }
      }
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        stack.push(subdirs.get(i));
      }
    }
  }

  private static Map<String, Object> lstat(Path p, Visitor v) {
    try {
      // Named attributes only: "unix:*" would also resolve owner and group names (a passwd lookup per file).
      return Files.readAttributes(p, "unix:mode,ino,dev,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      v.gap(p, "vanished during the scan");
    } catch (AccessDeniedException e) {
      v.gap(p, "permission denied");
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      v.gap(p, "cannot be looked at: " + e);
    }
    return null;
  }

  private static Kind kind(Map<String, Object> a) {
    int mode = (Integer) a.get("mode");
    return switch (mode & 0170000) {
      case 0100000 -> Kind.FILE;
      case 0040000 -> Kind.DIRECTORY;
      case 0120000 -> Kind.SYMLINK;
      case 0010000 -> Kind.FIFO;
      case 0140000 -> Kind.SOCKET;
      case 0020000, 0060000 -> Kind.DEVICE;
      default -> Kind.OTHER;
    };
  }
}
