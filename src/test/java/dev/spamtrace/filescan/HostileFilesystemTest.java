package dev.spamtrace.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.walk.TreeWalker;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.testing.RealComponent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan over a hostile document root: symlink loops and links out of the root, FIFOs and
 * device nodes (never opened), a huge sparse file, names with newlines, spaces and invalid UTF-8,
 * unreadable files, files and folders vanishing mid-walk. No hang, no escape, each reported,
 * and the scan completes (a shell placed among them is still found).
 */
class HostileFilesystemTest {
  @TempDir Path tmp;

  static final String SHELL = "<?php @eval($_POST['x']); ?>\n";

  Path site() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    return Files.createDirectories(root.resolve("var/www/html"));
  }

  static void sh(String script, Path dir) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  TreeScan.Result scan(Path root, String docroot) {
    FileScanSettings s = Config.defaults().section("filescan", FileScanSettings.class);
    TreeScan scan = new TreeScan(HostRoot.of(root), s, FileScanInspector.scanner(s), Map.of());
    return scan.scan(new Docroot("hostile.example", docroot, "var-www", "", -1, List.of(), List.of()), Set.of());
  }

  static List<String> gapTexts(TreeScan.Result r) {
    return r.gaps().stream().map(g -> g.source() + ": " + g.reason().en()).toList();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aHostileTreeIsScannedToTheEndWithoutOpeningOrFollowingAnything() throws Exception {
    Path site = site();
    Path root = tmp.resolve("root");
    Files.writeString(root.resolve("secret.php"), SHELL); // outside the docroot: must never be scanned through a link
    Files.writeString(site.resolve("index.php"), "<?php echo 'hello';\n");
    // Symlink loops and links out of the docroot and out of the root.
    Files.createSymbolicLink(site.resolve("loop"), Path.of("loop"));
    Files.createDirectories(site.resolve("a"));
    Files.createSymbolicLink(site.resolve("a/up"), Path.of(".."));
    Files.createSymbolicLink(site.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(site.resolve("out.php"), root.resolve("secret.php"));
    Files.createSymbolicLink(site.resolve("rootdir"), Path.of("/"));
    // A FIFO and a device node: opening either would block or touch hardware.
    sh("mkfifo pipe.php", site);
    boolean devices = RealComponent.isRoot();
    if (devices) {
      sh("mknod null.php c 1 3 && mknod zero.php c 1 5", site);
    }
    // A huge sparse .php file: only the configured bytes are read.
    try (RandomAccessFile f = new RandomAccessFile(site.resolve("huge.php").toFile(), "rw")) {
      f.setLength(20L << 30);
      f.seek(0);
      f.write("<?php // sparse\n".getBytes());
    }
    // Odd names, and a shell behind the worst of them.
    Files.writeString(site.resolve("with space.php"), "<?php echo 1;\n");
    Files.writeString(site.resolve("new\nline.php"), "<?php echo 2;\n");
    sh("printf '<?php @eval($_POST[1]); ?>' > \"$(printf 'bad\\377\\376name.php')\"", site);
    sh("mkdir \"$(printf 'dir\\377')\" && printf 'x' > \"$(printf 'dir\\377')/data.txt\"", site);
    Files.writeString(site.resolve("images.php"), SHELL);

    TreeScan.Result r = scan(root, "/var/www/html");

    List<String> subjects = r.findings().stream().map(Finding::subject).toList();
    assertThat(r.findings().stream().filter(f -> f.kind() == FindingKind.MALICIOUS_FILE).map(Finding::subject))
        .contains("/var/www/html/images.php")
        .anyMatch(s -> s.startsWith("/var/www/html/bad") && s.endsWith("name.php"));
    // Never followed: nothing outside the docroot is reported, the linked secret is not scanned.
    assertThat(subjects).allMatch(s -> s.startsWith("/var/www/html/"));
    assertThat(subjects).doesNotContain("/var/www/html/out.php", "/secret.php");
    // The sparse file was scanned in part and says so.
    assertThat(gapTexts(r)).anyMatch(g -> g.startsWith("/var/www/html/huge.php: only the first"));
    // The FIFO and the device nodes were never opened (the test would hang on the FIFO).
    assertThat(subjects).doesNotContain("/var/www/html/pipe.php", "/var/www/html/null.php", "/var/www/html/zero.php");
    assertThat(r.scanned()).isGreaterThanOrEqualTo(5);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void vanishingFilesAndFoldersBecomeGapsAndTheWalkGoesOn() throws Exception {
    Path site = site();
    for (String d : List.of("a", "b", "c")) {
      Files.createDirectories(site.resolve(d));
      for (int i = 0; i < 3; i++) {
        Files.writeString(site.resolve(d + "/f" + i + ".php"), "<?php echo 1;");
      }
    }
    List<String> gaps = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    // The visitor deletes things the walker has listed but not looked at yet.
    new TreeWalker(TreeWalker.Limits.defaults()).walk(site, e -> true, new TreeWalker.Visitor() {
      @Override
      public void entry(TreeWalker.Entry e) {
        seen.add(e.relative());
        try {
          if (e.relative().equals("a")) {
            Files.delete(site.resolve("b/f1.php"));
            for (int i = 0; i < 3; i++) {
              Files.deleteIfExists(site.resolve("c/f" + i + ".php"));
            }
            Files.delete(site.resolve("c"));
          }
          if (e.relative().equals("a/f0.php")) {
            Files.delete(site.resolve("a/f1.php"));
          }
        } catch (Exception x) {
          throw new IllegalStateException(x);
        }
      }

      @Override
      public void gap(Path local, String reason) {
        gaps.add(site.relativize(local) + ": " + reason);
      }
    });
    assertThat(gaps).contains("a/f1.php: vanished during the scan");
    assertThat(seen).contains("a/f2.php", "b/f0.php", "b/f2.php");
    assertThat(seen).doesNotContain("b/f1.php", "c/f0.php");
  }

  @Test
  void depthAndEntryLimitsAreReportedNotSilent() throws Exception {
    Path site = site();
    Path deep = site;
    for (int i = 0; i < 6; i++) {
      deep = Files.createDirectories(deep.resolve("d" + i));
    }
    Files.writeString(deep.resolve("x.php"), SHELL);
    List<String> gaps = new ArrayList<>();
    new TreeWalker(new TreeWalker.Limits(3, 1000)).walk(site, e -> true, new TreeWalker.Visitor() {
      @Override
      public void entry(TreeWalker.Entry e) {}

      @Override
      public void gap(Path local, String reason) {
        gaps.add(reason);
      }
    });
    assertThat(gaps).anyMatch(g -> g.startsWith("deeper than 3 folders"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void unreadableFilesAreGapsNotClean() throws Exception {
    RealComponent.require(RealComponent.executable("setpriv") && RealComponent.isRoot(),
        "setpriv and root (to read as an unprivileged user: root reads everything)");
    // Run the scan as nobody over a tree nobody can only partly read.
    Path base = Files.createDirectories(Path.of("/tmp").resolve("spamtrace-unreadable-" + ProcessHandle.current().pid()));
    try {
      Path site = Files.createDirectories(base.resolve("site"));
      Files.writeString(site.resolve("open.php"), SHELL);
      Files.writeString(site.resolve("locked.php"), SHELL);
      Files.createDirectories(site.resolve("closed"));
      Files.writeString(site.resolve("closed/inside.php"), SHELL);
      sh("chmod 755 " + base + " " + site + " && chmod 644 open.php && chmod 000 locked.php && chmod 000 closed", site);
      // The classpath, readable by nobody.
      Path cp = Files.createDirectories(base.resolve("cp"));
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String e : System.getProperty("java.class.path").split(":")) {
        Path src = Path.of(e);
        if (!Files.exists(src) || e.contains("junit") || e.contains("assertj") || e.contains("archunit") || e.contains("surefire")) {
          continue;
        }
        Path dest = cp.resolve("e" + (n++) + (Files.isDirectory(src) ? "" : ".jar"));
        sh("cp -r '" + src + "' '" + dest + "'", base);
        entries.add(dest.toString());
      }
      sh("chmod -R a+rX " + cp, base);
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", java, "-cp", String.join(":", entries),
          "dev.spamtrace.cli.Main", "scan", site.toString(), "--format", "json", "--state-dir", base.resolve("state").toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("\"subject\" : \"" + site.resolve("open.php") + "\"");
      assertThat(out).contains(site.resolve("locked.php") + "\"").contains("unreadable");
      assertThat(out).contains(site.resolve("closed") + "\"").contains("permission denied");
      assertThat(p.exitValue()).as(out).isEqualTo(1);
    } finally {
      sh("chmod -R u+rwX " + base + " && rm -rf " + base, Path.of("/tmp"));
    }
  }

  @Test
  void gapsAreNeverReportedAsClean() throws Exception {
    Path site = site();
    Files.writeString(site.resolve("a.php"), "<?php echo 1;");
    try (RandomAccessFile f = new RandomAccessFile(site.resolve("big.php").toFile(), "rw")) {
      f.setLength(64L << 20);
    }
    TreeScan.Result r = scan(tmp.resolve("root"), "/var/www/html");
    assertThat(r.gaps()).extracting(Gap::source).contains("/var/www/html/big.php");
  }
}
