package dev.spamtrace.response.firewall;

import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The firewall changes waiting for {@code spamtrace firewall confirm}, from the journal: done, not
 * undone, not confirmed, with a rollback time. The kernel holds the truth (an element either is
 * still there with its timeout or is gone); this says which elements to look for.
 */
public final class PendingChanges {
  /** One element a pending action added, and how long it should last once confirmed (null: until undone). */
  public record Pending(String action, String type, String target, String netns, String backend, OurSet set, Element element,
      Instant expiry, Instant rollbackAt) {}

  public static final Set<String> TYPES = Set.of(BlockAddress.TYPE, SmtpOnlyMta.TYPE, CountryPolicy.TYPE);

  private PendingChanges() {}

  public static List<Pending> read(Journal journal) throws IOException {
    List<Journal.ActionHistory> histories = Journal.histories(journal.read().entries());
    Set<String> confirmed = new HashSet<>();
    for (Journal.ActionHistory h : histories) {
      if (ConfirmChanges.TYPE.equals(h.intent().type()) && h.result() != null && h.result().phase() == JournalEntry.Phase.done) {
        for (Object id : FirewallAction.list(h.result().details() == null ? null : h.result().details().get("confirmed"))) {
          confirmed.add(String.valueOf(id));
        }
      }
    }
    List<Pending> out = new ArrayList<>();
    for (Journal.ActionHistory h : histories) {
      JournalEntry in = h.intent();
      if (!TYPES.contains(in.type()) || h.result() == null || h.result().phase() != JournalEntry.Phase.done || h.isUndone()
          || confirmed.contains(in.action()) || in.param("rollbackAt") == null) {
        continue;
      }
      Instant rollbackAt = Instant.parse(in.param("rollbackAt"));
      for (Object o : FirewallAction.list(in.params().get("add"))) {
        Map<?, ?> a = (Map<?, ?>) o;
        OurSet set = OurSet.byName(String.valueOf(a.get("set")));
        if (set == null) {
          continue;
        }
        Instant expiry = a.get("expires") == null ? null : Instant.parse(String.valueOf(a.get("expires")));
        out.add(new Pending(in.action(), in.type(), in.target(), in.param("netns"), in.param("backend"), set,
            Element.parse(String.valueOf(a.get("element"))), expiry, rollbackAt));
      }
    }
    return out;
  }
}
