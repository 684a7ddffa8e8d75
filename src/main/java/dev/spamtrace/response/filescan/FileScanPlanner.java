package dev.spamtrace.response.filescan;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.Planner;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans filescan's repairs: a {@code tampered-permissions} finding restores the folder's mode; a
 * {@code php-in-html-only-site} finding turns PHP off for that docroot, with Plesk's own switch on
 * a live Plesk server, an nginx snippet for sites nginx serves alone, and the .htaccess otherwise.
 * (Malicious files are quarantined by {@code QuarantinePlanner}.)
 */
public final class FileScanPlanner implements Planner {
  @Override
  public int order() {
    return Order.REPAIR;
  }

  @Override
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    List<Action> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.kind() == FindingKind.TAMPERED_PERMISSIONS) {
        String path = str(f.evidence().get("path"));
        String mode = str(f.evidence().get("mode"));
        String restore = str(f.evidence().get("restore-mode"));
        if (path.startsWith("/") && mode.matches("[0-7]{3,4}") && restore.matches("[0-7]{3,4}")) {
          out.add(new RestoreFolderMode(path, FileState.parseMode(mode), FileState.parseMode(restore), List.of(f.id())));
        }
      } else if (f.kind() == FindingKind.PHP_IN_HTML_ONLY_SITE) {
        String docroot = str(f.evidence().get("docroot"));
        String domain = str(f.evidence().get("domain"));
        String source = str(f.evidence().get("source"));
        if (!docroot.startsWith("/")) {
          continue;
        }
        DisablePhp.Method m;
        if (source.equals("plesk") && root.isLiveSystem() && Files.isExecutable(root.resolve("/usr/sbin/plesk"))) {
          m = DisablePhp.Method.PLESK;
        } else if (source.equals("nginx")) {
          m = DisablePhp.Method.NGINX_SNIPPET;
        } else {
          m = DisablePhp.Method.HTACCESS;
        }
        out.add(new DisablePhp(docroot, domain.isEmpty() ? docroot : domain, m, List.of(f.id())));
      }
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
