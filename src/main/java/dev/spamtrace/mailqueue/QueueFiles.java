package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.HeadReader;
import dev.spamtrace.hostroot.OpenFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading the start of a queue file given by its path, already known (from its folder listing)
 * to be a regular file: one open without following a symlink, one read, one close. Readers that
 * read a whole queue go through {@link OpenFolder} instead. A file that vanished since the
 * listing throws {@link java.nio.file.NoSuchFileException}.
 */
public final class QueueFiles {
  private QueueFiles() {}

  /** Up to {@code max} bytes of a file whose size the listing gave (-1: unknown), handed to {@code reader} (see {@link OpenFolder#withHead}). */
  public static <T> T withHead(Path file, int max, long listedSize, HeadReader<T> reader) throws IOException {
    return OpenFolder.withHead(file, max, listedSize, reader);
  }

  /** Up to {@code max} bytes from the start of the file. */
  public static byte[] head(Path file, int max) throws IOException {
    return head(file, max, -1);
  }

  /** Up to {@code max} bytes from the start of a file whose size the listing gave. */
  public static byte[] head(Path file, int max, long listedSize) throws IOException {
    return withHead(file, max, listedSize, (b, n) -> Arrays.copyOf(b, n));
  }
}
