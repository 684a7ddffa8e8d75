package dev.spamtrace.response.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes sidecar records; a write is atomic (temp file, sync, rename). */
final class QuarantineRecords {
  private static final ObjectMapper MAPPER = Journal.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

  private QuarantineRecords() {}

  static void write(Path file, QuarantineRecord r) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, MAPPER.writeValueAsBytes(r));
    SafeFiles.fsync(tmp);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SafeFiles.fsync(file.getParent());
  }

  static QuarantineRecord read(Path file) throws IOException {
    return MAPPER.readValue(Files.readAllBytes(file), QuarantineRecord.class);
  }
}
