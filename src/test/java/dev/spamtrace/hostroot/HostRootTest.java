package dev.spamtrace.hostroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRootTest {
  @TempDir Path tmp;

  @Test
  void absoluteSymlinkInsideTheRootResolvesInsideTheRootNotOnThisMachine() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "container's passwd\n");
    Files.createDirectories(root.resolve("var/www"));
    Files.createSymbolicLink(root.resolve("var/www/passwd"), Path.of("/etc/passwd"));
    HostRoot h = HostRoot.of(root);

    assertThat(h.resolve("/var/www/passwd")).isEqualTo(root.toRealPath().resolve("etc/passwd"));
    assertThat(((FileRead.Content) h.read(h.resolve("/var/www/passwd"), 100)).text()).isEqualTo("container's passwd\n");
  }

  @Test
  void dotDotAndRelativeLinksNeverLeaveTheRoot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(tmp.resolve("secret"), "outside\n");
    Files.createDirectories(root.resolve("a"));
    Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../secret"));
    HostRoot h = HostRoot.of(root);

    Path resolved = h.resolve("/a/up");
    assertThat(resolved.startsWith(root.toRealPath())).isTrue();
    assertThat(resolved).isEqualTo(root.toRealPath().resolve("secret"));
    assertThat(h.read(resolved, 100)).isInstanceOf(FileRead.Missing.class);
    assertThat(h.resolve("/../../etc/../..")).isEqualTo(root.toRealPath());
  }

  @Test
  void symlinkLoopIsReportedNotFollowedForever() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createSymbolicLink(root.resolve("a"), Path.of("/b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("/a"));
    HostRoot h = HostRoot.of(root);
    assertThatThrownBy(() -> h.resolve("/a/x")).isInstanceOf(HostPathException.class).hasMessageContaining("too many symlinks");
  }

  @Test
  void resolveNoFollowKeepsTheLastLinkAndReadRefusesIt() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("real"), "x");
    Files.createSymbolicLink(root.resolve("link"), Path.of("real"));
    HostRoot h = HostRoot.of(root);
    Path link = h.resolveNoFollow("/link");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(h.read(link, 10)).isInstanceOf(FileRead.NotRegular.class);
    assertThat(h.readLink(link)).contains("real");
  }

  @Test
  void fifoIsNeverOpened() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Process p = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
    assertThat(p.waitFor()).isZero();
    HostRoot h = HostRoot.of(root);
    assertThat(h.read("/pipe", 10)).isInstanceOfSatisfying(FileRead.NotRegular.class, r -> assertThat(r.type()).isEqualTo("special file"));
  }

  @Test
  void readIsBoundedAndSaysSo() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.write(root.resolve("big"), new byte[10_000]);
    FileRead r = HostRoot.of(root).read("/big", 100);
    assertThat(r).isInstanceOfSatisfying(FileRead.Content.class, c -> {
      assertThat(c.bytes()).hasSize(100);
      assertThat(c.truncated()).isTrue();
      assertThat(c.size()).isEqualTo(10_000);
    });
  }

  @Test
  void serverPathIsTheInverseOfResolve() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    HostRoot h = HostRoot.of(root);
    assertThat(h.serverPath(h.resolve("/var/spool/postfix/deferred/A/ABC"))).isEqualTo("/var/spool/postfix/deferred/A/ABC");
    assertThat(h.serverPath(h.directory())).isEqualTo("/");
    assertThatThrownBy(() -> h.serverPath(tmp)).isInstanceOf(HostPathException.class);
  }

  @Test
  void procDefaultsUnderTheRootAndCanBeElsewhere() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path proc = Files.createDirectories(tmp.resolve("captured-proc"));
    assertThat(HostRoot.of(root).procDirectory()).isEqualTo(root.toRealPath().resolve("proc"));
    assertThat(HostRoot.of(root, proc).proc("1/stat")).isEqualTo(proc.resolve("1/stat"));
    assertThat(HostRoot.of(Path.of("/")).isLiveSystem()).isTrue();
    assertThat(HostRoot.of(root).isLiveSystem()).isFalse();
  }
}
