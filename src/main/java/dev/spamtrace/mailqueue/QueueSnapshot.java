package dev.spamtrace.mailqueue;

import java.time.Instant;
import java.util.List;

/**
 * One MTA queue as read at one time: its messages, and what could not be read. Published through
 * {@code InspectionContext.artifacts()} (as {@link QueueSnapshots}) so a correlator can tie
 * messages to scripts without reading the queue again.
 *
 * @param mta which mail system
 * @param directory the queue directory as the server sees it ({@code /var/spool/postfix})
 * @param readAt when the reading started
 * @param messages every message read
 * @param gaps files or folders that could not be read or made sense of: never taken as clean
 * @param truncated true when the reader stopped at {@code mailqueue.max-messages}
 */
public record QueueSnapshot(Mta mta, String directory, Instant readAt, List<QueuedMessage> messages, List<QueueGap> gaps, boolean truncated) {
  public QueueSnapshot {
    messages = List.copyOf(messages);
    // Readers work in parallel; the gaps are listed in one stable order whatever the timing.
    List<QueueGap> sorted = new java.util.ArrayList<>(gaps);
    sorted.sort(java.util.Comparator.comparing(QueueGap::path).thenComparing(QueueGap::reason));
    gaps = List.copyOf(sorted);
  }

  /** {@code postfix:/var/spool/postfix}: how findings name the queue. */
  public String label() {
    return mta.id() + ":" + directory;
  }

  /**
   * Something in the queue that could not be read or parsed.
   *
   * @param path the file or folder as the server sees it
   * @param reason what went wrong
   */
  public record QueueGap(String path, String reason) {}
}
