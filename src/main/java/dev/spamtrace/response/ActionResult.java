package dev.spamtrace.response;

import dev.spamtrace.incident.Text;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an action (or its reversal) did.
 *
 * @param ok whether it completed
 * @param message what happened, in both languages
 * @param details what undo needs and what the operator should know (journaled)
 * @param shownOnce a secret for the operator's eyes only (a new password), or null; never journaled
 */
public record ActionResult(boolean ok, Text message, Map<String, Object> details, ShownOnce shownOnce) {
  public ActionResult {
    details = new LinkedHashMap<>(details);
  }

  public ActionResult(boolean ok, Text message, Map<String, Object> details) {
    this(ok, message, details, null);
  }

  /** The same result carrying a secret to show the operator once. */
  public ActionResult showingOnce(ShownOnce s) {
    return new ActionResult(ok, message, details, s);
  }

  public static ActionResult done(Text message, Map<String, Object> details) {
    return new ActionResult(true, message, details);
  }

  public static ActionResult failed(Text message) {
    return new ActionResult(false, message, Map.of());
  }
}
