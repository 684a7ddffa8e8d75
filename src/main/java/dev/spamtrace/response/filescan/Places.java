package dev.spamtrace.response.filescan;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import java.nio.file.Path;
import java.util.List;

/** Where filescan's repairs may act: inside the allowed places, never through a symlink. */
final class Places {
  private Places() {}

  /** A refusal, or null when {@code serverPath} may be acted on. */
  static Text refusal(ActionContext ctx, String serverPath) {
    String normal = Path.of(serverPath).normalize().toString();
    boolean allowed = false;
    for (String prefix : ctx.settings().quarantineAllowedUnder()) {
      String p = prefix.endsWith("/") ? prefix : prefix + "/";
      if (normal.startsWith(p)) {
        allowed = true;
        break;
      }
    }
    if (!allowed) {
      return Text.of("%s is outside the places spamtrace may change (response.quarantine-allowed-under)",
          "%s は変更してよい場所 (response.quarantine-allowed-under) の外です", serverPath);
    }
    HostRoot root = ctx.root();
    Path resolved;
    try {
      resolved = root.resolveNoFollow(serverPath);
    } catch (RuntimeException e) {
      return Text.of("cannot resolve %s: %s", "%s を解決できません: %s", serverPath, e.getMessage());
    }
    if (!resolved.equals(lexical(root, serverPath))) {
      return Text.of("%s goes through a symlink; refusing to act on it", "%s はシンボリックリンクを経由しています。操作しません", serverPath);
    }
    return null;
  }

  static Path lexical(HostRoot root, String serverPath) {
    Path p = root.directory();
    for (String part : Path.of(serverPath).normalize().toString().split("/")) {
      if (!part.isEmpty()) {
        p = p.resolve(part);
      }
    }
    return p;
  }

  static List<Text> list(Text t) {
    return t == null ? List.of() : List.of(t);
  }
}
