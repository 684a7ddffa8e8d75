package dev.spamtrace.response.filescan;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Undoes {@link DisablePhp}: takes out exactly the block it added (whatever else the customer
 * changed in the .htaccess since stays), deletes an .htaccess it created if nothing else was
 * added, removes its nginx snippet, or turns PHP back on in Plesk.
 */
public final class DisablePhpReversal implements Reversal {
  @Override
  public String type() {
    return DisablePhp.TYPE;
  }

  @Override
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    DisablePhp.Method method = DisablePhp.Method.valueOf(intent.param("method"));
    String domain = intent.param("domain");
    switch (method) {
      case PLESK -> {
        SystemCommand.Result r = ctx.commands().run(List.of("plesk", "bin", "site", "--update", domain, "-php", "true"));
        return r.ok() ? ActionResult.done(Text.of("PHP turned back on for %s in Plesk", "Plesk で %s の PHP を再度有効にしました", domain), Map.of())
            : ActionResult.failed(Text.of("plesk bin site failed: %s", "plesk bin site が失敗しました: %s", r.describe()));
      }
      case NGINX_SNIPPET -> {
        Path s = ctx.root().resolveNoFollow(intent.param("file"));
        if (Files.isRegularFile(s, LinkOption.NOFOLLOW_LINKS)
            && !new String(Files.readAllBytes(s), StandardCharsets.UTF_8).equals(DisablePhp.nginxSnippet(domain))) {
          return ActionResult.failed(Text.of("%s was edited since; not removing it", "%s は編集されています。削除しません", intent.param("file")));
        }
        Files.deleteIfExists(s);
        return ActionResult.done(Text.of("removed %s (reload nginx if it was included)", "%s を削除しました (include していた場合は nginx を reload)",
            intent.param("file")), Map.of());
      }
      default -> {
        String file = intent.param("file");
        Text refusal = Places.refusal(ctx, file);
        if (refusal != null) {
          return ActionResult.failed(refusal);
        }
        Path h = ctx.root().resolveNoFollow(file);
        String block = intent.param("block");
        if (!Files.exists(h, LinkOption.NOFOLLOW_LINKS)) {
          return ActionResult.done(Text.of("%s is gone; nothing to take out", "%s はありません。戻す必要はありません", file), Map.of());
        }
        if (!Files.isRegularFile(h, LinkOption.NOFOLLOW_LINKS)) {
          return ActionResult.failed(Text.of("%s is no longer a regular file", "%s は通常のファイルではありません", file));
        }
        String now = new String(Files.readAllBytes(h), StandardCharsets.ISO_8859_1);
        int at = now.indexOf(block);
        if (at < 0) {
          return ActionResult.done(Text.of("the block is no longer in %s", "%s にブロックはもうありません", file), Map.of());
        }
        boolean existed = Boolean.parseBoolean(intent.param("existed"));
        String rest = now.substring(0, at) + now.substring(at + block.length());
        if (existed && intent.param("backup") != null) {
          Path backup = Path.of(intent.param("backup"));
          // Nothing else changed: put the original back byte for byte.
          if (Files.isRegularFile(backup) && SafeFiles.sha256(backup).equals(intent.param("sha256"))) {
            String original = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
            String sep = original.isEmpty() || original.endsWith("\n") ? "" : "\n";
            if (now.equals(original + sep + block)) {
              rest = original;
            }
          }
        }
        FileState state = FileState.of(h);
        if (!existed && rest.isEmpty()) {
          Files.delete(h);
          SafeFiles.fsync(h.getParent());
          return ActionResult.done(Text.of("removed %s, which spamtrace had created", "spamtrace が作成した %s を削除しました", file), Map.of());
        }
        DisablePhp.writeAtomically(h, rest.getBytes(StandardCharsets.ISO_8859_1), state);
        return ActionResult.done(Text.of("took the PHP-off block out of %s", "%s から PHP 無効化のブロックを削除しました", file), Map.of());
      }
    }
  }
}
