package dev.spamtrace.hostroot;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folders one reader opens while it reads (a queue's hashed folders), each opened once when
 * first asked for and all closed together at the end. Safe to use from many threads.
 */
public final class OpenFolders implements AutoCloseable {
  private final Map<Path, OpenFolder> open = new ConcurrentHashMap<>();

  /** The folder {@code dir} (a path under the root), opened on first use. */
  public OpenFolder of(Path dir) {
    OpenFolder f = open.get(dir);
    return f != null ? f : open.computeIfAbsent(dir, OpenFolder::open);
  }

  @Override
  public void close() {
    open.values().forEach(OpenFolder::close);
    open.clear();
  }
}
