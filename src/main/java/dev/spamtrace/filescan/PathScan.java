package dev.spamtrace.filescan;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Coverage;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code spamtrace scan PATH…}: the same rules and context over trees given directly (an upload,
 * a backup, a folder copied off a server), each taken as a document root of its own. A single
 * file is scanned as a tree holding only it.
 */
public final class PathScan {
  /** What scanning the paths gave. */
  public record Result(List<Finding> findings, List<Coverage> covered, List<Gap> gaps, long files, long scanned, long bytes) {}

  private PathScan() {}

  public static Result scan(List<Path> paths, Config config) {
    FileScanSettings settings = config.section("filescan", FileScanSettings.class);
    HostRoot host = HostRoot.of(Path.of("/"));
    Map<Integer, String> web = FileScanInspector.webUsers(host, config.users());
    TreeScan scan = new TreeScan(host, settings, FileScanInspector.scanner(settings), web);
    List<Finding> findings = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    List<Coverage> covered = new ArrayList<>();
    long files = 0;
    long scanned = 0;
    long bytes = 0;
    for (Path p : paths) {
      Path abs = p.toAbsolutePath().normalize();
      if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
        gaps.add(new Gap("filescan", abs.toString(), Text.of("does not exist", "存在しません")));
        continue;
      }
      boolean single = !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS);
      Path dir = single ? abs.getParent() : abs;
      int uid = -1;
      try {
        uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException e) {
        // unknown owner: no owner-based reasons
      }
      Docroot d = new Docroot("", dir.toString(), "scan", "", uid, List.of(), List.of());
      TreeScan.Result r = scan.scan(d, Set.of());
      for (Finding f : r.findings()) {
        if (!single || f.subject().equals(abs.toString())) {
          findings.add(f);
        }
      }
      gaps.addAll(r.gaps());
      files += r.files();
      scanned += r.scanned();
      bytes += r.bytes();
    }
    covered.add(new Coverage("filescan", Text.of("%d paths: %d files, %d holding PHP scanned (%.1f MB)",
        "%d 個のパス: ファイル %d 個、PHP を含む %d 個を検査 (%.1f MB)", paths.size(), files, scanned, bytes / 1e6), scanned));
    return new Result(findings, covered, gaps, files, scanned, bytes);
  }
}
