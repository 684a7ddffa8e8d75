package dev.spamtrace.hostroot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What reading one file gave: its content, or why there is none. "Missing" and "unreadable" are
 * kept apart because one means clean and the other means could not tell.
 */
public sealed interface FileRead {
  Path path();

  /** The bytes read; {@code truncated} when the file was longer than the limit. */
  record Content(Path path, byte[] bytes, boolean truncated, long size) implements FileRead {
    /** The content as text; invalid UTF-8 becomes U+FFFD, never an exception. */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The content as ISO-8859-1: one char per byte, for formats that are bytes, not text. */
    public String latin1() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * The first {@code length} bytes of {@code bytes} (a {@link ReadBuffer}'s array, overwritten by
   * its next read); {@code truncated} when the file was longer than the limit.
   */
  record Buffered(Path path, byte[] bytes, int length, boolean truncated, long size) implements FileRead {}

  /** The file is not there (or vanished while being read). */
  record Missing(Path path) implements FileRead {}

  /** A FIFO, device, socket, directory or symlink: deliberately not opened. */
  record NotRegular(Path path, String type) implements FileRead {}

  /** It exists but could not be read: permissions, I/O error. */
  record Unreadable(Path path, String reason) implements FileRead {}
}
