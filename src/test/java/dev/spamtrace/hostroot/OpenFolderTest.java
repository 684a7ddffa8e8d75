package dev.spamtrace.hostroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder held open (the JDK's Unix calls) and the same folder reached by path (the public
 * API) give the same answers, for good files and for the odd entries a hostile tree holds.
 */
class OpenFolderTest {
  @TempDir Path tmp;

  private Path folder() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("queue/mess/7"));
    Files.writeString(d.resolve("1001"), "Subject: hello\n\nbody\n");
    Files.setLastModifiedTime(d.resolve("1001"), FileTime.from(Instant.parse("2026-11-30T10:15:30.123456789Z")));
    Files.createDirectory(d.resolve("42"));
    Files.createSymbolicLink(d.resolve("1002"), tmp.resolve("outside"));
    Files.writeString(tmp.resolve("outside"), "secret\n");
    new ProcessBuilder("mkfifo", d.resolve("1003").toString()).start().waitFor();
    return d;
  }

  /** Linux on x86_64 or arm64, with the test run's --add-opens: the fast way must be the one tested. */
  @Test
  void theFolderIsHeldOpenHere() throws Exception {
    assertThat(UnixCalls.UNAVAILABLE_BECAUSE).isNull();
    try (OpenFolder f = OpenFolder.open(folder())) {
      assertThat(f.heldOpen()).isTrue();
    }
  }

  @Test
  void bothWaysSeeTheSameEntries() throws Exception {
    Path d = folder();
    try (OpenFolder held = OpenFolder.open(d); OpenFolder byPath = OpenFolder.byPath(d)) {
      for (OpenFolder f : List.of(held, byPath)) {
        FileStat file = f.look("1001");
        assertThat(file.type()).isEqualTo(FileStat.Type.REGULAR);
        assertThat(file.size()).isEqualTo(21);
        assertThat(file.modified()).isEqualTo(Instant.parse("2026-11-30T10:15:30.123456789Z"));
        assertThat(f.look("42").type()).isEqualTo(FileStat.Type.DIRECTORY);
        assertThat(f.look("1002").type()).isEqualTo(FileStat.Type.SYMLINK);
        assertThat(f.look("1003").type()).isEqualTo(FileStat.Type.OTHER);
        assertThat(f.look("9999")).isNull();
        // a name a listing could not decode no longer names a file
        assertThat(f.look("10\uFFFD1")).isNull();
      }
      assertThat(held.look("1001")).isEqualTo(byPath.look("1001"));
    }
  }

  @Test
  void bothWaysReadTheSameHead() throws Exception {
    Path d = folder();
    try (OpenFolder held = OpenFolder.open(d); OpenFolder byPath = OpenFolder.byPath(d)) {
      for (OpenFolder f : List.of(held, byPath)) {
        assertThat(f.withHead("1001", 1000, 21, OpenFolderTest::text)).isEqualTo("Subject: hello\n\nbody\n");
        // the listed size bounds the read (a file that grew since is read as listed)
        assertThat(f.withHead("1001", 1000, 8, OpenFolderTest::text)).isEqualTo("Subject:");
        assertThat(f.withHead("1001", 5, -1, OpenFolderTest::text)).isEqualTo("Subje");
        assertThat(f.withHead("1001", 1000, -1, OpenFolderTest::text)).isEqualTo("Subject: hello\n\nbody\n");
        assertThatThrownBy(() -> f.withHead("9999", 1000, -1, OpenFolderTest::text)).isInstanceOf(NoSuchFileException.class);
      }
    }
  }

  @Test
  void aFileLargerThanTheBufferIsReadUpToTheLimit() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("big"));
    byte[] big = new byte[OpenFolder.BUFFER_SIZE * 3 + 17];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + i % 26);
    }
    Files.write(d.resolve("envelope"), big);
    try (OpenFolder held = OpenFolder.open(d); OpenFolder byPath = OpenFolder.byPath(d)) {
      assertThat(held.heldOpen()).isTrue();
      for (OpenFolder f : List.of(held, byPath)) {
        byte[] whole = f.withHead("envelope", Integer.MAX_VALUE, big.length, Arrays::copyOf);
        assertThat(whole).isEqualTo(big);
        int limit = OpenFolder.BUFFER_SIZE * 2 + 5;
        byte[] head = f.withHead("envelope", limit, big.length, Arrays::copyOf);
        assertThat(head).isEqualTo(Arrays.copyOf(big, limit));
      }
    }
  }

  /** What lies between a look and the read: a symlink is refused, a FIFO reads as empty at once. */
  @Test
  void aSymlinkOrFifoPutInPlaceAfterTheLookIsNeitherFollowedNorWaitedOn() throws Exception {
    Path d = folder();
    try (OpenFolder held = OpenFolder.open(d)) {
      assertThatThrownBy(() -> held.withHead("1002", 1000, -1, OpenFolderTest::text))
          .isInstanceOf(IOException.class).hasMessageContaining("symlink");
      long start = System.nanoTime();
      assertThat(held.withHead("1003", 1000, -1, OpenFolderTest::text)).isEmpty();
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }
    try (OpenFolder byPath = OpenFolder.byPath(d)) {
      assertThatThrownBy(() -> byPath.withHead("1002", 1000, -1, OpenFolderTest::text)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void onlyANameInTheFolderIsReached() throws Exception {
    Path d = folder();
    try (OpenFolder held = OpenFolder.open(d); OpenFolder byPath = OpenFolder.byPath(d)) {
      for (OpenFolder f : List.of(held, byPath)) {
        for (String bad : List.of("..", ".", "", "../../../outside", "a/b", "x\0y")) {
          assertThatThrownBy(() -> f.look(bad)).as(bad).isInstanceOf(IOException.class).hasMessageContaining("not a file name");
          assertThatThrownBy(() -> f.withHead(bad, 100, -1, OpenFolderTest::text)).as(bad).isInstanceOf(IOException.class);
        }
      }
    }
  }

  @Test
  void aMissingFolderOrASymlinkToOneIsReachedByPathAndHoldsNothing() throws Exception {
    Path d = folder();
    Files.createSymbolicLink(tmp.resolve("link"), d);
    try (OpenFolder missing = OpenFolder.open(tmp.resolve("nowhere")); OpenFolder link = OpenFolder.open(tmp.resolve("link"))) {
      assertThat(missing.heldOpen()).isFalse();
      assertThat(missing.look("1001")).isNull();
      assertThat(link.heldOpen()).isFalse();
    }
  }

  @Test
  void aClosedFolderIsNotUsedAgain() throws Exception {
    OpenFolder f = OpenFolder.open(folder());
    f.close();
    f.close();
    assertThatThrownBy(() -> f.look("1001")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void manyThreadsReadThroughOneFolder() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("many"));
    for (int i = 0; i < 2000; i++) {
      Files.writeString(d.resolve(Integer.toString(i)), "message " + i);
    }
    try (OpenFolders folders = new OpenFolders()) {
      long good = java.util.stream.IntStream.range(0, 2000).parallel().filter(i -> {
        try {
          OpenFolder f = folders.of(d);
          FileStat s = f.look(Integer.toString(i));
          return f.withHead(Integer.toString(i), 100, s.size(), OpenFolderTest::text).equals("message " + i);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).count();
      assertThat(good).isEqualTo(2000);
      assertThat(folders.of(d)).isSameAs(folders.of(d));
    }
  }

  private static String text(byte[] b, int n) {
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
