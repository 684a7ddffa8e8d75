package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.HostRoot;
import java.time.Instant;
import java.util.List;

/** Reads one MTA's queue files in their real layout, read-only. */
public interface QueueReader {
  Mta mta();

  /** The configured queue directories of this MTA that exist under the root (server paths). */
  List<String> find(HostRoot root, MailQueueSettings settings);

  /**
   * The directories among {@code configured} that hold one of {@code markers} as a real folder
   * (never through a symlink): how each MTA's {@link #find} recognises its queue.
   */
  static List<String> withFolder(HostRoot root, List<String> configured, String... markers) {
    List<String> out = new java.util.ArrayList<>();
    for (String d : configured) {
      try {
        java.nio.file.Path local = root.resolve(d);
        for (String m : markers) {
          if (java.nio.file.Files.isDirectory(local.resolve(m), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            out.add(d);
            break;
          }
        }
      } catch (RuntimeException e) {
        // a path that cannot be resolved under the root is not a queue here
      }
    }
    return out;
  }

  /**
   * Reads each listed message side by side, each folder held open while its files are read
   * ({@link dev.spamtrace.hostroot.OpenFolder}) and all closed at the end: the messages in the
   * order of {@code jobs}, those gone meanwhile (null) left out.
   */
  static <T> List<QueuedMessage> readEach(java.util.stream.Stream<T> jobs,
      java.util.function.BiFunction<T, dev.spamtrace.hostroot.OpenFolders, QueuedMessage> read) {
    try (dev.spamtrace.hostroot.OpenFolders folders = new dev.spamtrace.hostroot.OpenFolders()) {
      return jobs.parallel().map(j -> read.apply(j, folders)).filter(java.util.Objects::nonNull).toList();
    }
  }

  /**
   * Reads one queue. Never throws for bad input: unreadable, corrupt or vanishing files and
   * folders become {@link QueueSnapshot#gaps()}.
   */
  QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now);
}
