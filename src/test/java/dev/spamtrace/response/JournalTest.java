package dev.spamtrace.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path tmp;

  private static JournalEntry entry(String action, Phase phase) {
    return new JournalEntry(Instant.parse("2026-11-28T01:00:00Z"), "20261128", action, phase, "quarantine-file", "/var/www/x.php",
        Text.same("d"), "/", true, List.of("f1"), Map.of("path", "/var/www/x.php"), null, null, null);
  }

  @Test
  void entriesAreChainedAndReadBackInOrder() throws Exception {
    Journal j = new Journal(tmp.resolve("state/journal.jsonl"));
    j.append(entry("a1", Phase.intent));
    j.append(entry("a1", Phase.done));
    j.append(entry("a2", Phase.intent));
    Journal.Contents c = j.read();
    assertThat(c.problems()).isEmpty();
    assertThat(c.entries()).extracting(JournalEntry::phase).containsExactly(Phase.intent, Phase.done, Phase.intent);
    assertThat(c.entries().get(0).prev()).isEmpty();
    assertThat(c.entries().get(1).prev()).hasSize(64);

    List<Journal.ActionHistory> hs = Journal.histories(c.entries());
    assertThat(hs).hasSize(2);
    assertThat(hs.get(0).result().phase()).isEqualTo(Phase.done);
    assertThat(hs.get(1).result()).as("a2 was cut off after its intent").isNull();
    assertThat(hs.get(1).mayHaveActed()).isTrue();
  }

  @Test
  void anEditedLineBreaksTheChainAndIsReported() throws Exception {
    Path f = tmp.resolve("journal.jsonl");
    Journal j = new Journal(f);
    j.append(entry("a1", Phase.intent));
    j.append(entry("a1", Phase.done));
    String text = Files.readString(f).replaceFirst("/var/www/x.php", "/var/www/y.php");
    Files.writeString(f, text);
    assertThat(j.read().problems()).anySatisfy(p -> assertThat(p).contains("chain broken"));
  }

  @Test
  void aTornLastLineFromACrashIsReportedAndTheJournalStillAppends() throws Exception {
    Path f = tmp.resolve("journal.jsonl");
    Journal j = new Journal(f);
    j.append(entry("a1", Phase.intent));
    Files.write(f, "{\"time\":\"2026-11-28T01:0".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThat(j.read().problems()).anySatisfy(p -> assertThat(p).contains("cut off"));
    assertThat(j.read().entries()).hasSize(1);
  }
}
