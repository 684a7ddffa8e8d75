package dev.spamtrace.response;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.Journal.ActionHistory;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Reverses journaled actions, newest first, through the {@link Reversal} registered for each
 * type. Actions that cannot be undone (a kill) are listed with the reason, never silently passed.
 */
public final class Undo {
  private final Journal journal;
  private final Map<String, Reversal> reversals = new HashMap<>();

  public Undo(Journal journal) {
    this(journal, loadReversals());
  }

  public Undo(Journal journal, List<Reversal> reversals) {
    this.journal = journal;
    reversals.forEach(r -> this.reversals.put(r.type(), r));
  }

  private static List<Reversal> loadReversals() {
    List<Reversal> list = new ArrayList<>();
    ServiceLoader.load(Reversal.class).forEach(list::add);
    return list;
  }

  /** One action undo would reverse, or could not. */
  public record Candidate(ActionHistory history, boolean reversible, Text why) {}

  /** The actions matching {@code which}, newest first, that changed (or may have changed) the system and are not undone. */
  public List<Candidate> candidates(Predicate<ActionHistory> which) throws IOException {
    List<Candidate> out = new ArrayList<>();
    List<ActionHistory> hs = new ArrayList<>(Journal.histories(journal.read().entries()));
    Collections.reverse(hs);
    for (ActionHistory h : hs) {
      if (!which.test(h) || h.isUndone() || !h.mayHaveActed() || h.intent().phase() == Phase.refused) {
        continue;
      }
      if (!Boolean.TRUE.equals(h.intent().undoable())) {
        out.add(new Candidate(h, false, Text.of("%s cannot be undone; its evidence is in case %s",
            "%s は元に戻せません。証拠はケース %s に保存されています", h.intent().type(), h.intent().caseId())));
      } else if (!reversals.containsKey(h.intent().type())) {
        out.add(new Candidate(h, false, Text.of("no reversal known for %s", "%s を元に戻す方法がありません", h.intent().type())));
      } else {
        out.add(new Candidate(h, true, Text.same("")));
      }
    }
    return out;
  }

  /** What happened to one reversal. */
  public record Reversed(ActionHistory history, boolean ok, Text message) {}

  /** Reverses the reversible candidates in order, journaling intent and result of each. */
  public List<Reversed> apply(List<Candidate> candidates, ActionContext ctx) throws IOException {
    List<Reversed> out = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!c.reversible()) {
        continue;
      }
      JournalEntry intent = c.history().intent();
      journal.append(entry(ctx, intent, Phase.undo_intent, null, null));
      ActionResult r;
      try {
        Optional<JournalEntry> done = Optional.ofNullable(c.history().result()).filter(e -> e.phase() == Phase.done);
        r = reversals.get(intent.type()).reverse(ctx, intent, done);
      } catch (Exception e) {
        r = ActionResult.failed(Text.of("undo failed: %s", "元に戻せませんでした: %s", e.toString()));
      }
      journal.append(entry(ctx, intent, r.ok() ? Phase.undone : Phase.undo_failed, r.message(), r.details()));
      out.add(new Reversed(c.history(), r.ok(), r.message()));
    }
    return out;
  }

  private static JournalEntry entry(ActionContext ctx, JournalEntry of, Phase phase, Text message, Map<String, Object> details) {
    return new JournalEntry(ctx.clock().instant(), of.caseId(), of.action(), phase, of.type(), of.target(), of.description(),
        of.root(), of.undoable(), of.findings(), null, message, details, null);
  }
}
