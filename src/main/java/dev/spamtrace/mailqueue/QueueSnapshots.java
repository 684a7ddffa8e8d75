package dev.spamtrace.mailqueue;

import java.util.ArrayList;
import java.util.List;

/**
 * Every queue found on one root, as the mail-queue inspector read them: the artifact later
 * inspectors (the correlator) take from {@code InspectionContext.artifacts()}.
 */
public record QueueSnapshots(List<QueueSnapshot> queues) {
  public QueueSnapshots {
    queues = List.copyOf(queues);
  }

  /** Every message of every queue. */
  public List<QueuedMessage> messages() {
    List<QueuedMessage> all = new ArrayList<>();
    queues.forEach(q -> all.addAll(q.messages()));
    return all;
  }
}
