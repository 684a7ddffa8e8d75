package dev.spamtrace.response;

import dev.spamtrace.incident.Text;
import java.util.List;
import java.util.Map;

/**
 * One change to the system, planned from findings and shown before anything happens. The
 * {@link Responder} journals the intent (with the parameters {@link #prepare} fixed) before
 * {@link #apply} runs and the result after; undo replays the journal through a {@link Reversal}
 * registered for the same {@link #type()}.
 */
public interface Action {
  /** Stable type id, e.g. {@code quarantine-file}; the journal and undo key on it. */
  String type();

  /** What it acts on, as seen on the server (path, pid, queue id, address). */
  String target();

  /** What will happen, in both languages. */
  Text description();

  /** Whether {@code spamtrace undo} can reverse it. A kill cannot be; the plan says so. */
  boolean undoable();

  /** Ids of the findings that call for this action. */
  List<String> findings();

  /**
   * Checks that the action may run here, changing nothing. Each returned text is a refusal
   * (outside the allowed places, a symlink, a protected user); an empty list means go.
   */
  List<Text> check(ActionContext ctx);

  /**
   * Fixes everything the journal must hold before acting (e.g. the exact quarantine path), so
   * that a crash mid-action leaves enough in the journal to finish or undo it. Changes nothing.
   */
  Map<String, Object> prepare(ActionContext ctx) throws Exception;

  /** Acts. {@code prepared} is what {@link #prepare} returned and the journal holds. */
  ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws Exception;
}
