package dev.spamtrace.response.quarantine;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.SafeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a malicious file into the case folder as {@code DOMAIN_path_with_underscores} (the staff's
 * own naming: {@code /var/www/vhosts/DOMAIN/httpdocs/css/css.php} becomes {@code DOMAIN_css_css.php}),
 * with a sidecar record written first. The quarantined copy gets mode 0000 and root ownership, so
 * the web user can neither read nor run it.
 */
public final class QuarantineFile implements Action {
  public static final String TYPE = "quarantine-file";

  private final String path;
  private final String label;
  private final String relative;
  private final List<String> reasons;
  private final List<String> findings;

  /**
   * @param path the file as the server sees it
   * @param label the domain it belongs to (or {@code tmp} for temporary places); empty for none
   * @param relative its path inside the document root, e.g. {@code css/css.php}; empty to use the
   *     whole path
   * @param reasons why, as the report says it
   * @param findings the finding ids
   */
  public QuarantineFile(String path, String label, String relative, List<String> reasons, List<String> findings) {
    this.path = path;
    this.label = label == null ? "" : label;
    this.relative = relative == null ? "" : relative;
    this.reasons = List.copyOf(reasons);
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
    return Text.of("move to the case folder as %s (kept with owner, mode and times)",
        "ケースフォルダへ %s として移動 (所有者・権限・時刻を記録)", quarantineName());
  }

  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  /** {@code DOMAIN_css_css.php}: only characters safe in a file name, at most 200 of them. */
  String quarantineName() {
    String rel = relative.isEmpty() ? path : relative;
    StringBuilder b = new StringBuilder();
    if (!label.isEmpty()) {
      b.append(label).append('_');
    }
    for (String part : rel.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != '_') {
        b.append('_');
      }
      b.append(part);
    }
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      safe.append(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_');
    }
    String s = safe.toString();
    if (s.startsWith(".")) {
      s = "_" + s; // a quarantined file must not be hidden
    }
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> refusals = new ArrayList<>();
    HostRoot root = ctx.root();
    if (!allowedPlace(ctx)) {
      refusals.add(Text.of("%s is outside the places files may be quarantined from (response.quarantine-allowed-under)",
          "%s は隔離してよい場所 (response.quarantine-allowed-under) の外です", path));
      return refusals;
    }
    Path local;
    try {
      local = root.resolveNoFollow(path);
    } catch (RuntimeException e) {
      refusals.add(Text.of("cannot resolve %s: %s", "%s を解決できません: %s", path, e.getMessage()));
      return refusals;
    }
    Path lexical = lexical(root);
    if (!local.equals(lexical)) {
      refusals.add(Text.of("%s goes through a symlink; refusing to act on it", "%s はシンボリックリンクを経由しています。操作しません", path));
      return refusals;
    }
    BasicFileAttributes a = root.lstat(local).orElse(null);
    if (a == null) {
      refusals.add(Text.of("%s is no longer there", "%s は既にありません", path));
    } else if (a.isSymbolicLink()) {
      refusals.add(Text.of("%s is a symlink; refusing to act on it", "%s はシンボリックリンクです。操作しません", path));
    } else if (!a.isRegularFile()) {
      refusals.add(Text.of("%s is not a regular file", "%s は通常のファイルではありません", path));
    }
    return refusals;
  }

  private boolean allowedPlace(ActionContext ctx) {
    String normal = Path.of(path).normalize().toString();
    for (String prefix : ctx.settings().quarantineAllowedUnder()) {
      String p = prefix.endsWith("/") ? prefix : prefix + "/";
      if (normal.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The path under the root without resolving any symlink, to compare with the resolved one. */
  private Path lexical(HostRoot root) {
    Path p = root.directory();
    for (String part : Path.of(path).normalize().toString().split("/")) {
      if (!part.isEmpty()) {
        p = p.resolve(part);
      }
    }
    return p;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    Path dir = ctx.caseFolder().ensure();
    Path dest = CaseFolder.unique(dir, quarantineName());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("path", path);
    p.put("quarantinedAs", dest.toString());
    p.put("record", dest + CaseFolder.QUARANTINE_RECORD_SUFFIX);
    p.put("reasons", reasons);
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    Path local = ctx.root().resolveNoFollow(path);
    Path dest = Path.of((String) prepared.get("quarantinedAs"));
    Path recordFile = Path.of((String) prepared.get("record"));
    FileState before = FileState.of(local);
    String sha = SafeFiles.sha256(local);
    QuarantineRecord rec = new QuarantineRecord("moving", path, ctx.root().directory().toString(), dest.toString(),
        before.uid(), before.gid(), before.owner(), before.group(), before.modeOctal(), before.size(), before.modified(),
        before.accessed(), sha, reasons, findings, null, ctx.clock().instant());
    QuarantineRecords.write(recordFile, rec);
    boolean renamed = SafeFiles.move(local, dest, sha);
    // Unreadable and unrunnable by anyone but root, wherever the case folder is.
    Files.setAttribute(dest, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dest, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    FileState.setMode(dest, 0, ctx.commands());
    QuarantineRecords.write(recordFile, rec.withState("quarantined"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("quarantinedAs", dest.toString());
    details.put("record", recordFile.toString());
    details.put("sha256", sha);
    details.put("owner", before.uid() + ":" + before.gid());
    details.put("mode", before.modeOctal());
    details.put("moved", renamed ? "rename" : "copy, verified, unlinked");
    return ActionResult.done(Text.of("quarantined %s as %s", "%s を %s に隔離しました", path, dest), details);
  }
}
