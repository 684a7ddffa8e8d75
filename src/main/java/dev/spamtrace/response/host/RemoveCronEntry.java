package dev.spamtrace.response.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamtrace.host.HostSettings;
import dev.spamtrace.host.rules.Glob;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes one offending line from a crontab, leaving every other line as it was. The whole file
 * is backed up into the case folder ({@code crontabs/}) first. On the live server a user's
 * crontab is installed the system's way ({@code crontab -u USER FILE}, so cron notices and the
 * spool keeps cron's own owner and mode); on any other root (a container, a disk copy) and for
 * {@code /etc/crontab} and {@code /etc/cron.d} files, the file is rewritten in place with its owner
 * and mode kept. Undo puts the backed-up crontab back the same way.
 */
public final class RemoveCronEntry implements Action {
  public static final String TYPE = "remove-cron-entry";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

  private final String file;
  private final int line;
  private final String text;
  private final String user;
  private final boolean userCrontab;
  private final List<String> reasons;
  private final List<String> findings;

  /**
   * @param file the crontab as the server sees it
   * @param line the line number the finding saw
   * @param text the line exactly as it was (what is removed; a line that changed is not touched)
   * @param user the crontab's user
   * @param userCrontab a per-user spool file (installed with crontab(1) on a live root)
   */
  public RemoveCronEntry(String file, int line, String text, String user, boolean userCrontab, List<String> reasons, List<String> findings) {
    this.file = file;
    this.line = line;
    this.text = text;
    this.user = user;
    this.userCrontab = userCrontab;
    this.reasons = List.copyOf(reasons);
    this.findings = List.copyOf(findings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "cron:" + file + ":" + line;
  }

  @Override
  public Text description() {
    String shown = dev.spamtrace.support.Printable.clip(text, 100);
    return Text.of("remove line %d of %s (%s's crontab: %s), keeping every other line; the file is backed up to the case folder",
        "%2$s (%3$s の crontab: %4$s) の %1$d 行目を削除し、他の行は残す (ファイルはケースフォルダにバックアップ)", line, file, user, shown);
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
    List<Text> refusals = new ArrayList<>();
    HostSettings s = ctx.config().section(HostSettings.SECTION, HostSettings.class);
    if (!allowedPlace(s)) {
      refusals.add(Text.of("%s is not a crontab this tool edits (/etc/crontab, /etc/cron.d, host.cron-spools)",
          "%s は編集対象の crontab ではありません", file));
      return refusals;
    }
    Path local;
    try {
      local = ctx.root().resolveNoFollow(file);
    } catch (RuntimeException e) {
      refusals.add(Text.of("cannot resolve %s: %s", "%s を解決できません: %s", file, e.getMessage()));
      return refusals;
    }
    if (!local.equals(lexical(ctx.root(), file))) {
      refusals.add(Text.of("%s goes through a symlink; refusing to act on it", "%s はシンボリックリンクを経由しています。操作しません", file));
      return refusals;
    }
    BasicFileAttributes a = ctx.root().lstat(local).orElse(null);
    if (a == null || !a.isRegularFile()) {
      refusals.add(Text.of("%s is not there as a regular file", "%s は通常のファイルとして存在しません", file));
      return refusals;
    }
    try {
      String content = Files.readString(local, StandardCharsets.UTF_8);
      if (CrontabText.count(content, text) == 0) {
        refusals.add(Text.of("the line is no longer in %s (changed since the investigation)", "%s にその行はもうありません (調査後に変更されています)", file));
      }
    } catch (IOException e) {
      refusals.add(Text.of("cannot read %s: %s", "%s を読めません: %s", file, e.toString()));
    }
    return refusals;
  }

  private boolean allowedPlace(HostSettings s) {
    if (file.contains("/../") || file.endsWith("/..")) {
      return false;
    }
    if (file.equals("/etc/crontab") || Glob.under(file, "/etc/cron.d") && !file.equals("/etc/cron.d")) {
      return true;
    }
    for (String spool : s.cronSpools()) {
      if (Glob.under(file, spool) && file.substring(spool.length()).lastIndexOf('/') == 0) {
        return true;
      }
    }
    return false;
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

  /** The system's way: crontab(1) for a user's crontab on the live server. */
  boolean installsWithCrontab(ActionContext ctx) {
    return userCrontab && ctx.root().isLiveSystem();
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    Path dir = ctx.caseFolder().sub("crontabs");
    String base = (user + "_" + file.replace('/', '_')).replaceAll("[^A-Za-z0-9._-]", "_");
    Path backup = CaseFolder.unique(dir, base + "." + ctx.clock().millis());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("file", file);
    p.put("user", user);
    p.put("line", line);
    p.put("text", text);
    p.put("backup", backup.toString());
    p.put("record", backup + ".json");
    p.put("method", installsWithCrontab(ctx) ? "crontab -u" : "rewrite");
    p.put("reasons", reasons);
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    Path local = ctx.root().resolveNoFollow(file);
    Path backup = Path.of((String) prepared.get("backup"));
    Path record = Path.of((String) prepared.get("record"));
    byte[] before = Files.readAllBytes(local);
    FileState state = FileState.of(local);
    Files.write(backup, before);
    SafeFiles.fsync(backup);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("file", file);
    rec.put("user", user);
    rec.put("uid", state.uid());
    rec.put("gid", state.gid());
    rec.put("mode", state.modeOctal());
    rec.put("sha256", SafeFiles.sha256(backup));
    rec.put("removed", text);
    Files.writeString(record, JSON.writeValueAsString(rec), StandardCharsets.UTF_8);

    String content = new String(before, StandardCharsets.UTF_8);
    String after = CrontabText.without(content, text);
    int removed = CrontabText.count(content, text);
    String method = (String) prepared.get("method");
    if ("crontab -u".equals(method)) {
      install(ctx, user, CrontabText.withoutHeader(after), backup.resolveSibling(backup.getFileName() + ".new"));
    } else {
      rewrite(local, after.getBytes(StandardCharsets.UTF_8), state, ctx.commands());
    }
    String now = Files.readString(local, StandardCharsets.UTF_8);
    if (CrontabText.count(now, text) > 0) {
      return ActionResult.failed(Text.of("the line is still in %2$s after %1$s", "%1$s の後も %2$s にその行が残っています", method, file));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backup", backup.toString());
    details.put("removed-lines", removed);
    details.put("method", method);
    details.put("after-sha256", SafeFiles.sha256(local));
    return ActionResult.done(Text.of("removed %d line(s) from %s (%s); backup %s", "%2$s から %1$d 行を削除しました (%3$s)。バックアップ: %4$s",
        removed, file, method, backup), details);
  }

  /**
   * {@code crontab -u USER FILE} (argv only, never a shell). The text is kept in the case folder
   * ({@code record}) and handed to crontab(1) from a short-named private temporary file: Debian's
   * crontab copies the file name into a 100-byte buffer (MAX_FNAME), so a long case-folder path
   * would be cut and not found.
   */
  static void install(ActionContext ctx, String user, String content, Path record) throws IOException {
    Files.writeString(record, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(record, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path tmp = Files.createTempFile("spamtrace-crontab", ".txt",
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      SystemCommand.Result r = ctx.commands().run(List.of("crontab", "-u", user, tmp.toString()));
      if (!r.ok()) {
        throw new IOException("crontab -u " + user + " failed: " + r.describe());
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Replaces a file's content atomically, keeping its owner and mode. */
  static void rewrite(Path local, byte[] content, FileState state, SystemCommand commands) throws IOException {
    Path tmp = local.resolveSibling("." + local.getFileName() + ".spamtrace-new");
    Files.deleteIfExists(tmp);
    Files.write(tmp, content);
    Files.setAttribute(tmp, "unix:uid", state.uid(), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(tmp, "unix:gid", state.gid(), LinkOption.NOFOLLOW_LINKS);
    FileState.setMode(tmp, state.mode(), commands);
    SafeFiles.fsync(tmp);
    Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    SafeFiles.fsync(local.getParent());
  }
}
