package dev.spamtrace.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Builds a sandbox server root under a folder: a Plesk-style server mid-outbreak. Nothing outside
 * the folder is touched; the folder is only ever emptied when it holds the demo's marker.
 */
public final class DemoServer {
  /** The scenes, in build order. Each capability appends its own. */
  static final List<DemoScene> SCENES = List.of(
      new PleskServerScene(),
      new WebShellScene(),
      new HostScene(),
      new LogScene(),
      new BlocklistScene(),
      new MailQueueScene());

  public static final String MARKER = ".spamtrace-demo";

  private final Path root;
  private final Instant now;

  public DemoServer(Path root, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.now = clock.instant();
  }

  /**
   * Makes {@code folder} ready for a demo: created when missing, emptied when it holds an earlier
   * demo (its marker), refused when it holds anything else.
   */
  public static void prepareFolder(Path folder, Clock clock) throws IOException {
    Path dir = folder.toAbsolutePath().normalize();
    if (Files.exists(dir.resolve(MARKER))) {
      DemoFiles.deleteTree(dir);
    } else if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(dir + " is not a folder; choose another --dir");
      }
      try (var s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new IllegalArgumentException(dir + " is not empty and is not an earlier demo; choose another --dir");
        }
      }
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(MARKER), "built by spamtrace demo at " + clock.instant() + "\n");
  }

  /** Builds every scene into {@code root} (a fresh folder inside a prepared demo folder). */
  public static DemoServer build(Path root, Clock clock) throws IOException {
    Files.createDirectories(root);
    DemoServer s = new DemoServer(root, clock);
    for (DemoScene scene : SCENES) {
      scene.build(s);
    }
    return s;
  }

  public Path root() {
    return root;
  }

  /** The time the demo is built; the story's times are relative to it. */
  public Instant now() {
    return now;
  }

  /** A path under the root from a server path. */
  public Path path(String serverPath) {
    return root.resolve(serverPath.replaceFirst("^/+", ""));
  }

  /** Writes a file (creating folders), setting its modification time. */
  public Path write(String serverPath, String content, Instant mtime) throws IOException {
    return write(serverPath, content.getBytes(StandardCharsets.UTF_8), mtime);
  }

  public Path write(String serverPath, byte[] content, Instant mtime) throws IOException {
    Path p = path(serverPath);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    Files.setLastModifiedTime(p, FileTime.from(mtime));
    return p;
  }

  /** Sets the owner (numerically, as on the server) where this machine allows it. */
  public void own(String serverPath, int uid, int gid) {
    try {
      Files.setAttribute(path(serverPath), "unix:uid", uid);
      Files.setAttribute(path(serverPath), "unix:gid", gid);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Not root: the demo still works, only owner-based reasons will not show.
    }
  }

  public void mode(String serverPath, String rwx) throws IOException {
    Files.setPosixFilePermissions(path(serverPath), PosixFilePermissions.fromString(rwx));
  }

  public void mkdirs(String serverPath) throws IOException {
    Files.createDirectories(path(serverPath));
  }
}
