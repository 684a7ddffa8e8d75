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
   * Reads one queue. Never throws for bad input: unreadable, corrupt or vanishing files and
   * folders become {@link QueueSnapshot#gaps()}.
   */
  QueueSnapshot read(HostRoot root, String directory, MailQueueSettings settings, LocalAccounts accounts, Instant now);
}
