package dev.spamtrace.response.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of the journal.
 *
 * @param time when it was written
 * @param caseId the case folder's id
 * @param action the action's id; every phase of one action shares it
 * @param phase what this line records
 * @param type the action type
 * @param target what it acts on
 * @param description what it does
 * @param root the root it acts inside
 * @param undoable whether undo can reverse it
 * @param findings ids of the findings behind it
 * @param params the prepared parameters (intent lines)
 * @param message the outcome (result lines)
 * @param details what undo needs (result lines)
 * @param prev SHA-256 of the previous line, chaining the journal so an edit shows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
    Instant time,
    String caseId,
    String action,
    Phase phase,
    String type,
    String target,
    Text description,
    String root,
    Boolean undoable,
    List<String> findings,
    Map<String, Object> params,
    Text message,
    Map<String, Object> details,
    String prev) {

  /** The phases of an action's life, each journaled as it happens. */
  public enum Phase {
    /** About to act: written and synced before anything changes. */
    intent,
    /** Acted; details hold what undo needs. */
    done,
    /** Tried and failed; the message says why. */
    failed,
    /** Not tried: a check refused it (outside the allowed places, protected user). */
    refused,
    /** About to reverse an action. */
    undo_intent,
    /** Reversed. */
    undone,
    /** Reversal failed; the message says why and what is where. */
    undo_failed
  }

  public JournalEntry withPrev(String p) {
    return new JournalEntry(time, caseId, action, phase, type, target, description, root, undoable, findings, params, message, details, p);
  }

  /** A string parameter, or null. */
  public String param(String key) {
    Object v = params == null ? null : params.get(key);
    return v == null ? null : String.valueOf(v);
  }

  /** A string detail, or null. */
  public String detail(String key) {
    Object v = details == null ? null : details.get(key);
    return v == null ? null : String.valueOf(v);
  }
}
