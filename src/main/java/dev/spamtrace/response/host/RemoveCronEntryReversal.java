package dev.spamtrace.response.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a crontab back as it was before a {@link RemoveCronEntry}: from the backup in the case
 * folder, the same way it was changed ({@code crontab -u} on the live server, a rewrite keeping
 * owner and mode elsewhere). Refuses to overwrite a crontab that changed again since (the backup
 * stays for a person to merge).
 */
public final class RemoveCronEntryReversal implements Reversal {
  @Override
  public String type() {
    return RemoveCronEntry.TYPE;
  }

  @Override
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    String file = intent.param("file");
    String user = intent.param("user");
    String method = intent.param("method");
    Path backup = Path.of(intent.param("backup"));
    Path record = Path.of(intent.param("record"));
    Path local = ctx.root().resolveNoFollow(file);
    if (!Files.exists(backup)) {
      return ActionResult.failed(Text.of("the backup %s is missing; %s was not changed back", "バックアップ %s がありません。%s は戻していません", backup, file));
    }
    String backupSha = SafeFiles.sha256(backup);
    boolean present = Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS);
    String currentSha = present ? SafeFiles.sha256(local) : "";
    if (currentSha.equals(backupSha)) {
      return ActionResult.done(Text.of("%s is already as it was", "%s は既に元の状態です", file), Map.of());
    }
    String after = done.map(d -> d.details() == null ? null : String.valueOf(d.details().get("after-sha256"))).orElse(null);
    if (after != null && present && !after.equals(currentSha)) {
      return ActionResult.failed(Text.of("%s changed since the entry was removed; not overwriting it (the old crontab is at %s)",
          "%s は削除後に変更されています。上書きしません (元の crontab は %s)", file, backup));
    }
    byte[] old = Files.readAllBytes(backup);
    if ("crontab -u".equals(method)) {
      RemoveCronEntry.install(ctx, user, CrontabText.withoutHeader(new String(old, StandardCharsets.UTF_8)),
          backup.resolveSibling(backup.getFileName() + ".undo-" + Instant.now().toEpochMilli()));
    } else {
      JsonNode rec = RemoveCronEntry.JSON.readTree(record.toFile());
      FileState state = new FileState(rec.get("uid").asInt(), rec.get("gid").asInt(), "", "", FileState.parseMode(rec.get("mode").asText()),
          old.length, Instant.now(), Instant.now());
      RemoveCronEntry.rewrite(local, old, state, ctx.commands());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("restored-from", backup.toString());
    details.put("method", method);
    return ActionResult.done(Text.of("put %s's crontab %s back from %s", "%s の crontab %s を %s から戻しました", user, file, backup), details);
  }
}
