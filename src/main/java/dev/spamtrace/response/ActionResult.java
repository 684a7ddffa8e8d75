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
 */
public record ActionResult(boolean ok, Text message, Map<String, Object> details) {
  public ActionResult {
    details = new LinkedHashMap<>(details);
  }

  public static ActionResult done(Text message, Map<String, Object> details) {
    return new ActionResult(true, message, details);
  }

  public static ActionResult failed(Text message) {
    return new ActionResult(false, message, Map.of());
  }
}
