package dev.spamtrace.blocklist;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds an incident's journal in a state folder, the way the Responder writes it (intent, then done/failed/refused; undo). */
final class Incident {
  final Journal journal;

  Incident(Path stateDir) {
    this.journal = Journal.inStateDir(stateDir);
  }

  static String finding(FindingKind kind, String subject) {
    return Finding.idFor(kind, "/", subject);
  }

  /** An action that was done; returns its id. */
  String done(Instant at, String caseId, String type, String target, List<String> findings, Map<String, Object> details, String resultEn, String resultJa)
      throws IOException {
    String id = UUID.randomUUID().toString();
    journal.append(new JournalEntry(at.minusSeconds(1), caseId, id, Phase.intent, type, target, Text.same("do " + type), "/", true, findings,
        Map.of("target", target), null, null, null));
    journal.append(new JournalEntry(at, caseId, id, Phase.done, type, target, Text.same("do " + type), "/", true, findings, null,
        new Text(resultEn, resultJa), details, null));
    return id;
  }

  void failed(Instant at, String caseId, String type, String target) throws IOException {
    String id = UUID.randomUUID().toString();
    journal.append(new JournalEntry(at.minusSeconds(1), caseId, id, Phase.intent, type, target, Text.same("do " + type), "/", true, List.of(),
        Map.of(), null, null, null));
    journal.append(new JournalEntry(at, caseId, id, Phase.failed, type, target, Text.same("do " + type), "/", true, List.of(), null,
        Text.same("failed: permission denied"), null, null));
  }

  void refused(Instant at, String caseId, String type, String target) throws IOException {
    journal.append(new JournalEntry(at, caseId, UUID.randomUUID().toString(), Phase.refused, type, target, Text.same("do " + type), "/", true,
        List.of(), Map.of(), Text.same("refused: symlink"), null, null));
  }

  void undo(Instant at, String caseId, String id, String type, String target) throws IOException {
    journal.append(new JournalEntry(at.minusSeconds(1), caseId, id, Phase.undo_intent, type, target, Text.same("undo"), "/", true, List.of(), null,
        null, null, null));
    journal.append(new JournalEntry(at, caseId, id, Phase.undone, type, target, Text.same("undo"), "/", true, List.of(), null,
        Text.same("restored"), null, null));
  }
}
