package dev.spamtrace.response;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Takes a plan: for each action, check, journal the intent (synced), act, journal the result.
 * A failed action is journaled and the next one still runs; nothing is taken without the
 * operator's {@code --apply}, which is the only way to reach {@link #apply}.
 */
public final class Responder {
  private final Journal journal;

  public Responder(Journal journal) {
    this.journal = journal;
  }

  /**
   * What happened to one planned action.
   *
   * @param shownOnce a secret the action hands to the operator (a new password), or null: print it
   *     once; it is in no journal line
   */
  public record Taken(Action action, String actionId, Phase phase, Text message, ShownOnce shownOnce) {
    public Taken(Action action, String actionId, Phase phase, Text message) {
      this(action, actionId, phase, message, null);
    }

    public boolean ok() {
      return phase == Phase.done;
    }
  }

  /**
   * Takes every action of the plan. An I/O failure of the journal itself stops the run: acting
   * without a record is not allowed.
   */
  public List<Taken> apply(Plan plan, ActionContext ctx) throws IOException {
    List<Taken> out = new ArrayList<>();
    for (Action a : plan.actions()) {
      out.add(take(a, ctx));
    }
    return out;
  }

  private Taken take(Action a, ActionContext ctx) throws IOException {
    String id = UUID.randomUUID().toString();
    List<Text> refusals;
    try {
      refusals = a.check(ctx);
    } catch (RuntimeException e) {
      refusals = List.of(Text.of("check failed: %s", "確認に失敗しました: %s", e.toString()));
    }
    if (!refusals.isEmpty()) {
      Text why = join(refusals);
      journal.append(entry(ctx, a, id, Phase.refused, Map.of(), why, null));
      return new Taken(a, id, Phase.refused, why);
    }
    Map<String, Object> prepared;
    try {
      prepared = a.prepare(ctx);
    } catch (Exception e) {
      Text why = Text.of("could not prepare: %s", "準備できませんでした: %s", e.toString());
      journal.append(entry(ctx, a, id, Phase.refused, Map.of(), why, null));
      return new Taken(a, id, Phase.refused, why);
    }
    journal.append(entry(ctx, a, id, Phase.intent, prepared, null, null));
    ActionResult r;
    try {
      r = a.apply(ctx, prepared);
    } catch (Exception e) {
      r = ActionResult.failed(Text.of("failed: %s", "失敗しました: %s", e.toString()));
    }
    Phase phase = r.ok() ? Phase.done : Phase.failed;
    journal.append(entry(ctx, a, id, phase, null, r.message(), r.details()));
    return new Taken(a, id, phase, r.message(), r.shownOnce());
  }

  private static JournalEntry entry(
      ActionContext ctx, Action a, String id, Phase phase, Map<String, Object> params, Text message, Map<String, Object> details) {
    return new JournalEntry(
        ctx.clock().instant(), ctx.caseFolder().id(), id, phase, a.type(), a.target(), a.description(),
        ctx.root().directory().toString(), a.undoable(), a.findings(), params, message, details, null);
  }

  private static Text join(List<Text> ts) {
    StringBuilder en = new StringBuilder();
    StringBuilder ja = new StringBuilder();
    for (Text t : ts) {
      if (en.length() > 0) {
        en.append("; ");
        ja.append("、");
      }
      en.append(t.en());
      ja.append(t.ja());
    }
    return new Text(en.toString(), ja.toString());
  }
}
