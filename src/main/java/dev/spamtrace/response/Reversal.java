package dev.spamtrace.response;

import dev.spamtrace.response.journal.JournalEntry;
import java.util.Optional;

/**
 * Reverses one type of action from what the journal holds. Registered in
 * {@code META-INF/services/dev.spamtrace.response.Reversal}.
 */
public interface Reversal {
  /** The {@link Action#type()} it reverses. */
  String type();

  /**
   * Puts things back.
   *
   * @param intent the journaled intent, with the prepared parameters
   * @param done the journaled result, empty when the action was cut off before it finished (the
   *     reversal must then look at the system to see how far it got)
   */
  ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws Exception;
}
