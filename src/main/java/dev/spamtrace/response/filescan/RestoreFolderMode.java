package dev.spamtrace.response.filescan;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a tampered folder's mode back (0777 → 0755): the staff's step 5. Refused when the folder
 * changed since the scan (its mode is no longer the one the finding saw), when it is a symlink or
 * outside the allowed places. Undo sets the mode it had.
 */
public final class RestoreFolderMode implements Action {
  public static final String TYPE = "restore-folder-mode";

  private final String path;
  private final int seenMode;
  private final int restoreMode;
  private final List<String> findings;

  public RestoreFolderMode(String path, int seenMode, int restoreMode, List<String> findings) {
    this.path = path;
    this.seenMode = seenMode;
    this.restoreMode = restoreMode;
    this.findings = List.copyOf(findings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return path;
  }

  @Override
  public Text description() {
    return Text.of("set the folder's mode from %04o back to %04o", "フォルダの権限を %04o から %04o に戻す", seenMode, restoreMode);
  }

  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> out = new ArrayList<>(Places.list(Places.refusal(ctx, path)));
    if (!out.isEmpty()) {
      return out;
    }
    Path local = ctx.root().resolveNoFollow(path);
    BasicFileAttributes a = ctx.root().lstat(local).orElse(null);
    if (a == null || !a.isDirectory() || a.isSymbolicLink()) {
      out.add(Text.of("%s is no longer a folder", "%s はフォルダではなくなっています", path));
      return out;
    }
    try {
      int now = FileState.of(local).mode();
      if (now != seenMode) {
        out.add(Text.of("%s has mode %04o now, not %04o as the scan saw; not changing it", "%s の権限は現在 %04o で、検査時の %04o ではありません。変更しません",
            path, now, seenMode));
      }
    } catch (IOException e) {
      out.add(Text.of("cannot read the mode of %s: %s", "%s の権限を読めません: %s", path, e.getMessage()));
    }
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("path", path);
    p.put("from", String.format("%04o", seenMode));
    p.put("to", String.format("%04o", restoreMode));
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    Path local = ctx.root().resolveNoFollow(path);
    FileState.setMode(local, restoreMode, ctx.commands());
    int now = FileState.of(local).mode();
    if (now != restoreMode) {
      return ActionResult.failed(Text.of("%s has mode %04o after the change, not %04o", "%s の権限は変更後 %04o で、%04o ではありません", path, now, restoreMode));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("from", String.format("%04o", seenMode));
    d.put("to", String.format("%04o", restoreMode));
    return ActionResult.done(Text.of("%s: mode %04o → %04o", "%s: 権限 %04o → %04o", path, seenMode, restoreMode), d);
  }
}
