package dev.spamtrace.blocklist.delisting;

import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journal says was done about an incident: the actions that were done and not undone,
 * with their times, targets, the journal's own words, and the kinds of the findings behind them.
 * The delisting message is written from this and nothing else.
 *
 * @param problems what reading the journal reported (a broken chain, a torn line): shown, never hidden
 */
public record JournalStory(List<Done> actions, List<String> problems, Instant start, Instant end) {

  /** One action that changed the system and was not undone. */
  public record Done(String actionId, String caseId, String type, String target, Instant at, Text description, Text result,
      List<String> findingKinds, Map<String, Object> params, Map<String, Object> details) {}

  /**
   * Reads the journal of a state folder.
   *
   * @param cases case ids to keep (empty: every case)
   * @param since keep actions from this time on (null: from {@code window} before the latest action)
   * @param window how far back from the latest action an incident reaches when {@code since} is null
   */
  public static JournalStory read(Path stateDir, List<String> cases, Instant since, Duration window) throws IOException {
    Journal.Contents c = Journal.inStateDir(stateDir).read();
    return of(c.entries(), c.problems(), cases, since, window);
  }

  public static JournalStory of(List<JournalEntry> entries, List<String> problems, List<String> cases, Instant since, Duration window) {
    List<Done> all = new ArrayList<>();
    for (Journal.ActionHistory h : Journal.histories(entries)) {
      JournalEntry result = h.result();
      if (result == null || result.phase() != JournalEntry.Phase.done || h.isUndone()) {
        continue; // refused, failed, cut off or undone: not something that was done
      }
      JournalEntry intent = h.intent();
      if (!cases.isEmpty() && !cases.contains(intent.caseId())) {
        continue;
      }
      all.add(new Done(intent.action(), intent.caseId(), intent.type(), intent.target(), result.time(), intent.description(), result.message(),
          kinds(intent.findings()), intent.params() == null ? Map.of() : intent.params(), result.details() == null ? Map.of() : result.details()));
    }
    all.sort((a, b) -> a.at().compareTo(b.at()));
    Instant from = since;
    if (from == null && !all.isEmpty() && window != null) {
      from = all.get(all.size() - 1).at().minus(window);
    }
    List<Done> kept = new ArrayList<>();
    for (Done d : all) {
      if (from == null || !d.at().isBefore(from)) {
        kept.add(d);
      }
    }
    Instant start = kept.isEmpty() ? null : kept.get(0).at();
    Instant end = kept.isEmpty() ? null : kept.get(kept.size() - 1).at();
    return new JournalStory(kept, List.copyOf(problems), start, end);
  }

  /** Finding ids are {@code KIND-hash} (Finding.idFor): the kind is read back from the id. */
  static List<String> kinds(List<String> findingIds) {
    Set<String> out = new LinkedHashSet<>();
    if (findingIds != null) {
      for (String id : findingIds) {
        for (FindingKind k : FindingKind.values()) {
          if (id.startsWith(k.id() + "-")) {
            out.add(k.id());
          }
        }
      }
    }
    return List.copyOf(out);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }

  /** Actions done after a time (what a follow-up may add). */
  public List<Done> after(Instant t) {
    return actions.stream().filter(d -> d.at().isAfter(t)).toList();
  }
}
