package dev.spamtrace.mailqueue;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A message's files on the server, kept as the parts around its id: {@code /var/qmail/queue/mess/7/}
 * + id + {@code ""}. The parts are the same for thousands of messages and are kept once
 * ({@link RepeatedValues}); only the id is the message's own. Three full paths per message were a
 * fifth of what a queue of a hundred thousand messages held, and what the collector copied.
 * Each path is made again when asked for (purge and export ask for a few).
 */
public final class QueueFileList extends AbstractList<String> implements RandomAccess {
  private final String id;
  /** Before and after the id, per file; a null "after" means the file's path does not hold the id. */
  private final String[] parts;

  private QueueFileList(String id, String[] parts) {
    this.id = id;
    this.parts = parts;
  }

  /**
   * Builds a message's list from the folders' server paths a reader already holds, so no path is
   * put together only to be taken apart again.
   */
  public static final class Builder {
    private final String id;
    private String[] parts = new String[6];
    private int n;

    public Builder(String id) {
      this.id = java.util.Objects.requireNonNull(id);
    }

    /** The file named by the id in {@code folder} (a server path ending in "/", kept once). */
    public Builder in(String folder) {
      return add(RepeatedValues.of(folder), "");
    }

    /** A file given whole. */
    public Builder path(String path) {
      return add(java.util.Objects.requireNonNull(path), null);
    }

    private Builder add(String before, String after) {
      if (n == parts.length) {
        parts = java.util.Arrays.copyOf(parts, n * 2);
      }
      parts[n++] = before;
      parts[n++] = after;
      return this;
    }

    public List<String> build() {
      return n == 0 ? List.of() : new QueueFileList(id, java.util.Arrays.copyOf(parts, n));
    }
  }

  /** The files of message {@code id}, compact when their paths hold the id (they always do in a queue). */
  static List<String> of(List<String> files, String id) {
    if (files instanceof QueueFileList built && built.id.equals(id)) {
      return built;
    }
    if (files.isEmpty()) {
      return List.of();
    }
    if (id == null || id.isEmpty()) {
      return List.copyOf(files);
    }
    String[] parts = new String[files.size() * 2];
    for (int i = 0; i < files.size(); i++) {
      String f = java.util.Objects.requireNonNull(files.get(i), "a file of message " + id);
      // Any occurrence rebuilds the same path; the last is the file's own name in every layout.
      int at = f.lastIndexOf(id);
      if (at < 0) {
        parts[2 * i] = f;
      } else {
        parts[2 * i] = RepeatedValues.of(f.substring(0, at));
        parts[2 * i + 1] = RepeatedValues.of(f.substring(at + id.length()));
      }
    }
    return new QueueFileList(id, parts);
  }

  @Override
  public String get(int index) {
    String before = parts[2 * index];
    String after = parts[2 * index + 1];
    return after == null ? before : before + id + after;
  }

  @Override
  public int size() {
    return parts.length / 2;
  }
}
