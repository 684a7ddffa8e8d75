package dev.spamtrace.filescan;

import dev.spamtrace.config.Config;
import dev.spamtrace.config.UserSettings;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.docroot.DocrootDiscovery;
import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.filescan.docroot.PasswdFile;
import dev.spamtrace.filescan.rules.PhpScanner;
import dev.spamtrace.filescan.rules.RuleSet;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code filescan}: finds the document roots under the root, publishes them ({@link Docroots})
 * for the correlators, and scans each for web shells, mass mailers, droppers, tampered folder
 * modes and PHP dropped into html-only sites. Temporary places (/tmp, /var/tmp, /dev/shm) are the
 * {@code tmp-payload} inspector's; it calls {@link PhpScanner} on the files it finds there.
 */
public final class FileScanInspector implements Inspector {
  public static final String ID = "filescan";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    Config config = ctx.config();
    FileScanSettings settings = config.section("filescan", FileScanSettings.class);
    UserSettings users = config.users();
    HostRoot root = ctx.root();
    DocrootDiscovery discovery = new DocrootDiscovery(root, settings.docrootGlobs(), users.systemUidMax());
    Docroots docroots = discovery.discover();
    ctx.artifacts().put(Docroots.class, docroots);
    InspectionResult.Collector out = InspectionResult.collector(ID);
    for (String g : discovery.gaps()) {
      out.gap(g.substring(0, Math.max(0, g.indexOf(':'))), Text.of("while looking for document roots: %s", "ドキュメントルートの検出中: %s", g));
    }
    if (docroots.roots().isEmpty()) {
      return InspectionResult.notApplicable(ID, Text.of("no document roots found (Plesk, cPanel, Apache, nginx, /var/www, filescan.docroot-globs)",
          "ドキュメントルートが見つかりません (Plesk、cPanel、Apache、nginx、/var/www、filescan.docroot-globs)"));
    }
    TreeScan scan = new TreeScan(root, settings, scanner(settings), webUsers(root, users));
    long files = 0;
    long scanned = 0;
    long bytes = 0;
    for (Docroot d : docroots.roots()) {
      Set<String> nested = new HashSet<>();
      for (Docroot other : docroots.roots()) {
        if (other != d && d.contains(other.path()) && !other.path().equals(d.path())) {
          nested.add(other.path());
        }
      }
      TreeScan.Result r = scan.scan(d, nested);
      r.findings().forEach(out::finding);
      for (Gap g : r.gaps()) {
        out.gap(g.source(), g.reason());
      }
      files += r.files();
      scanned += r.scanned();
      bytes += r.bytes();
    }
    out.covered(Text.of("%d document roots: %d files, %d holding PHP scanned (%.1f MB)",
        "ドキュメントルート %d 個: ファイル %d 個、PHP を含む %d 個を検査 (%.1f MB)",
        docroots.roots().size(), files, scanned, bytes / 1e6), scanned);
    return out.build();
  }

  static PhpScanner scanner(FileScanSettings s) {
    return new PhpScanner(RuleSet.bundled(), new PhpScanner.Limits(s.maxDecodeDepth(), s.maxDecodedBytes()));
  }

  /** uid → name of the configured web users, as this root's /etc/passwd numbers them. */
  static Map<Integer, String> webUsers(HostRoot root, UserSettings users) {
    Map<Integer, String> out = new HashMap<>();
    FileRead r = root.read("/etc/passwd", 4 << 20);
    if (r instanceof FileRead.Content c) {
      for (PasswdFile.Account a : PasswdFile.parse(c.text())) {
        if (users.web().contains(a.name())) {
          out.put(a.uid(), a.name());
        }
      }
    }
    return out;
  }

  /** The configured web users' names (for callers without a root's passwd). */
  static List<String> webUserNames(UserSettings users) {
    return users.web();
  }
}
