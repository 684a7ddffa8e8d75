package dev.spamtrace.response.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only journal: one JSON object per line, each synced to disk before the call
 * returns, so an intent is on disk before the action it announces starts. Lines are chained by
 * the SHA-256 of the previous line; {@link #read()} reports a break or a torn last line (a crash
 * mid-write) instead of hiding it.
 */
public final class Journal {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public Journal(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** The journal in a state folder. */
  public static Journal inStateDir(Path stateDir) {
    return new Journal(stateDir.resolve("journal.jsonl"));
  }

  public Path file() {
    return file;
  }

  /** Appends one entry and syncs it. Holds an exclusive lock so two runs never interleave. */
  public synchronized JournalEntry append(JournalEntry e) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        FileLock lock = ch.lock()) {
      String prev = lastLineHash(ch);
      JournalEntry chained = e.withPrev(prev);
      byte[] line = (MAPPER.writeValueAsString(chained) + "\n").getBytes(StandardCharsets.UTF_8);
      ch.position(ch.size());
      ByteBuffer buf = ByteBuffer.wrap(line);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
      return chained;
    }
  }

  /** The hash of the last complete line, or "" for an empty journal. */
  private static String lastLineHash(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0) {
      return "";
    }
    int window = (int) Math.min(size, 1 << 20);
    ByteBuffer buf = ByteBuffer.allocate(window);
    ch.read(buf, size - window);
    byte[] tail = buf.array();
    int end = tail.length;
    if (tail[end - 1] != '\n') {
      // A torn line from a crash: chain to it as it is, read() will report it.
      return sha256(tail, lastNewline(tail, end) + 1, end);
    }
    int start = lastNewline(tail, end - 1) + 1;
    return sha256(tail, start, end - 1);
  }

  private static int lastNewline(byte[] b, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static String sha256(byte[] b, int from, int to) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, from, to - from);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What reading the journal gave: the entries and any problem seen on the way. */
  public record Contents(List<JournalEntry> entries, List<String> problems) {}

  /** Reads every entry. A line that does not parse or breaks the chain is reported, not skipped silently. */
  public Contents read() throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Contents(entries, problems);
    }
    byte[] all = Files.readAllBytes(file);
    String prevHash = "";
    int lineNo = 0;
    int start = 0;
    while (start < all.length) {
      int nl = start;
      while (nl < all.length && all[nl] != '\n') {
        nl++;
      }
      lineNo++;
      String line = new String(all, start, nl - start, StandardCharsets.UTF_8);
      boolean complete = nl < all.length;
      try {
        JournalEntry e = MAPPER.readValue(line, JournalEntry.class);
        if (e.prev() != null && !e.prev().equals(prevHash)) {
          problems.add("line " + lineNo + ": chain broken (an earlier line was changed or removed)");
        }
        entries.add(e);
      } catch (IOException ex) {
        problems.add("line " + lineNo + (complete ? ": not a journal entry" : ": cut off (a crash while writing)"));
      }
      prevHash = sha256(all, start, nl);
      start = nl + 1;
    }
    return new Contents(entries, problems);
  }

  /**
   * The life of each action, in journal order: the last phase seen, its intent and its result.
   */
  public record ActionHistory(JournalEntry intent, JournalEntry result, JournalEntry lastUndo) {
    public String action() {
      return intent.action();
    }

    /** Done, or cut off after its intent (a crash): either may have changed the system. */
    public boolean mayHaveActed() {
      return result == null || result.phase() == JournalEntry.Phase.done;
    }

    public boolean isUndone() {
      return lastUndo != null && lastUndo.phase() == JournalEntry.Phase.undone;
    }
  }

  /** Groups entries by action id, in the order their intents were written. */
  public static List<ActionHistory> histories(List<JournalEntry> entries) {
    Map<String, JournalEntry[]> byAction = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      if (e.action() == null) {
        continue;
      }
      JournalEntry[] h = byAction.computeIfAbsent(e.action(), k -> new JournalEntry[3]);
      switch (e.phase()) {
        case intent, refused -> {
          if (h[0] == null) {
            h[0] = e;
          }
          if (e.phase() == JournalEntry.Phase.refused) {
            h[1] = e;
          }
        }
        case done, failed -> h[1] = e;
        case undo_intent, undone, undo_failed -> h[2] = e;
      }
    }
    List<ActionHistory> out = new ArrayList<>();
    for (JournalEntry[] h : byAction.values()) {
      if (h[0] != null) {
        out.add(new ActionHistory(h[0], h[1], h[2]));
      }
    }
    return out;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
