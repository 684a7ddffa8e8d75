package dev.spamtrace.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that imitates a configuration file is "included by no other file" only when no file of
 * the site names it, whether the including file was scanned before or after the walk reached the
 * look-alike (files are scanned while the walk goes on).
 */
class TreeScanLookalikeTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void aLookalikeNamedByAFileScannedEarlierCountsAsIncluded(int threads) throws Exception {
    Path site = tmp.resolve("root/var/www/html");
    Files.createDirectories(site.resolve("images"));
    // index.php comes before images/ in the walk: it is queued before either look-alike is known.
    Files.writeString(site.resolve("index.php"), "<?php require __DIR__ . '/images/db.php'; echo site_title();\n");
    for (int i = 0; i < 50; i++) {
      Files.writeString(site.resolve("page" + i + ".php"), "<?php echo 'page " + i + "';\n");
    }
    Files.writeString(site.resolve("images/db.php"), "<?php function site_title() { return 'Shop'; }\n");
    Files.writeString(site.resolve("images/c0nfig.php"), "<?php function site_colour() { return 'blue'; }\n");

    FileScanSettings d = Config.defaults().section("filescan", FileScanSettings.class);
    FileScanSettings s = new FileScanSettings(d.docrootGlobs(), d.phpExtensions(), d.otherFilesMaxBytes(), d.maxFileBytes(),
        d.maxDepth(), d.maxEntries(), d.maxDecodeDepth(), d.maxDecodedBytes(), d.staticFolders(), d.configLookalikePattern(),
        d.incidentWindowMinutes(), d.maxClusterFiles(), d.maxFindingsPerDocroot(), threads);
    TreeScan.Result r = new TreeScan(HostRoot.of(tmp.resolve("root")), s, FileScanInspector.scanner(s), Map.of())
        .scan(new Docroot("shop.example", "/var/www/html", "var-www", "", -1, List.of(), List.of()), Set.of());

    assertThat(reasons(r, "images/db.php")).anyMatch(t -> t.contains("db.php imitates a configuration file"))
        .noneMatch(t -> t.contains("no other file of the site includes it"));
    assertThat(reasons(r, "images/c0nfig.php")).anyMatch(t -> t.contains("c0nfig.php imitates a configuration file, and no other file of the site includes it"));
    assertThat(r.scanned()).isEqualTo(53);
  }

  static List<String> reasons(TreeScan.Result r, String docrootPath) {
    Finding f = r.findings().stream().filter(x -> docrootPath.equals(x.evidence().get("docroot-path"))).findFirst().orElseThrow();
    return f.reasons().stream().map(t -> t.en()).toList();
  }
}
