package dev.spamtrace.response.quarantine;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a quarantined file back exactly: same path, content (hash verified), owner, mode and
 * times. Refuses to overwrite a file that appeared at the path since. Also finishes or unwinds a
 * quarantine that was cut off (a crash between the journal's intent and its result).
 */
public final class QuarantineReversal implements Reversal {
  @Override
  public String type() {
    return QuarantineFile.TYPE;
  }

  @Override
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    String serverPath = intent.param("path");
    Path original = ctx.root().resolveNoFollow(serverPath);
    Path dest = Path.of(intent.param("quarantinedAs"));
    Path recordFile = Path.of(intent.param("record"));
    Path part = dest.resolveSibling(dest.getFileName() + ".part");
    boolean originalThere = Files.exists(original, LinkOption.NOFOLLOW_LINKS);
    boolean destThere = Files.exists(dest, LinkOption.NOFOLLOW_LINKS);
    QuarantineRecord rec = Files.exists(recordFile) ? QuarantineRecords.read(recordFile) : null;

    if (!destThere) {
      Files.deleteIfExists(part);
      if (originalThere) {
        // Cut off before the move: the file never left.
        if (rec != null) {
          QuarantineRecords.write(recordFile, rec.withState("never-moved"));
        }
        return ActionResult.done(Text.of("%s was never moved; it is in place", "%s は移動されておらず元の場所にあります", serverPath), Map.of());
      }
      return ActionResult.failed(Text.of("%s is neither in place nor at %s; see %s", "%s は元の場所にも %s にもありません。%s を確認してください",
          serverPath, dest, recordFile));
    }
    if (rec == null) {
      return ActionResult.failed(Text.of("the record %s is missing; restore %s by hand from %s",
          "記録 %s がありません。%s を %s から手作業で戻してください", recordFile, serverPath, dest));
    }
    String destSha = SafeFiles.sha256(dest);
    if (!destSha.equals(rec.sha256())) {
      return ActionResult.failed(Text.of("%s no longer matches its recorded hash; not restoring", "%s の内容が記録と一致しません。戻しません", dest));
    }
    if (originalThere) {
      String originalSha = Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS) ? SafeFiles.sha256(original) : "";
      if (originalSha.equals(rec.sha256()) && !"quarantined".equals(rec.state())) {
        // Cut off after the copy but before the unlink: the original is intact, drop the copy.
        Files.delete(dest);
        QuarantineRecords.write(recordFile, rec.withState("never-moved"));
        return ActionResult.done(Text.of("%s was never removed; the extra copy was dropped", "%s は削除されていませんでした。余分な複製を削除しました", serverPath), Map.of());
      }
      return ActionResult.failed(Text.of("a file appeared at %s since it was quarantined; not overwriting it (the quarantined copy stays at %s)",
          "隔離後に %s に別のファイルが作られています。上書きしません (隔離したファイルは %s にあります)", serverPath, dest));
    }
    if (!Files.isDirectory(original.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      return ActionResult.failed(Text.of("the folder of %s is gone; not restoring (the file stays at %s)",
          "%s のフォルダがありません。戻しません (ファイルは %s にあります)", serverPath, dest));
    }
    SafeFiles.move(dest, original, rec.sha256());
    FileState state = new FileState(rec.uid(), rec.gid(), rec.owner(), rec.group(), FileState.parseMode(rec.mode()), rec.size(),
        rec.modified(), rec.accessed());
    state.applyTo(original, ctx.commands());
    String after = SafeFiles.sha256(original);
    if (!after.equals(rec.sha256())) {
      return ActionResult.failed(Text.of("%s was restored but its hash differs from the record", "%s を戻しましたがハッシュが記録と異なります", serverPath));
    }
    QuarantineRecords.write(recordFile, rec.withState("restored"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("restored", serverPath);
    details.put("owner", rec.uid() + ":" + rec.gid());
    details.put("mode", rec.mode());
    details.put("sha256", rec.sha256());
    return ActionResult.done(Text.of("restored %s (owner %d:%d, mode %s, times, hash verified)",
        "%s を復元しました (所有者 %d:%d、権限 %s、時刻、ハッシュ確認済み)", serverPath, rec.uid(), rec.gid(), rec.mode()), details);
  }
}
