package dev.spamtrace.response.mailqueue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * The sidecar beside each archived message ({@code mail/MTA-ID.eml.json}): the envelope undo needs
 * to re-inject it, and what it was.
 *
 * @param state {@code archived} (written, still queued), {@code removed} (gone from the queue),
 *     {@code reinjected} (handed back to the MTA by undo)
 * @param mta which MTA
 * @param queueDirectory the queue as the server sees it
 * @param id the queue id
 * @param queue which queue it sat in
 * @param sender envelope sender ("" for the null sender, null when the queue files did not say; undo then
 *     re-injects it as the null sender)
 * @param recipients pending envelope recipients
 * @param arrival when it arrived
 * @param from the From header
 * @param subject the decoded subject
 * @param script X-PHP-Originating-Script
 * @param files its queue files
 * @param eml the archived message
 * @param sha256 the .eml's hash
 * @param archivedAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchivedMessage(
    String state, String mta, String queueDirectory, String id, String queue, String sender, List<String> recipients, Instant arrival,
    String from, String subject, String script, List<String> files, String eml, String sha256, Instant archivedAt) {

  private static final ObjectMapper MAPPER = Journal.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

  public ArchivedMessage withState(String s) {
    return new ArchivedMessage(s, mta, queueDirectory, id, queue, sender, recipients, arrival, from, subject, script, files, eml, sha256,
        archivedAt);
  }

  /** Written atomically (temp file, sync, rename). */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(this));
    SafeFiles.fsync(tmp);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static ArchivedMessage read(Path file) throws IOException {
    return MAPPER.readValue(Files.readAllBytes(file), ArchivedMessage.class);
  }
}
