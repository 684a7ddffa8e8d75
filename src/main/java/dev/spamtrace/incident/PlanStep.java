package dev.spamtrace.incident;

import java.util.List;

/**
 * One step of the response plan as reports show it. The plan itself is made by the response
 * package; reports only need this view of it.
 *
 * @param number position in the plan (1-based)
 * @param action the action type, e.g. {@code quarantine-file}
 * @param target what it acts on
 * @param description what will happen
 * @param undoable whether {@code spamtrace undo} can reverse it
 * @param findings ids of the findings that call for it
 */
public record PlanStep(int number, String action, String target, Text description, boolean undoable, List<String> findings) {}
