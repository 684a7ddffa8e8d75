package dev.spamtrace.response.filescan;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.FileState;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Undoes {@link RestoreFolderMode}: sets the mode the folder had, if nobody changed it since. */
public final class RestoreFolderModeReversal implements Reversal {
  @Override
  public String type() {
    return RestoreFolderMode.TYPE;
  }

  @Override
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    String path = intent.param("path");
    int from = FileState.parseMode(intent.param("from"));
    int to = FileState.parseMode(intent.param("to"));
    Text refusal = Places.refusal(ctx, path);
    if (refusal != null) {
      return ActionResult.failed(refusal);
    }
    Path local = ctx.root().resolveNoFollow(path);
    int now = FileState.of(local).mode();
    if (now == from) {
      return ActionResult.done(Text.of("%s already has mode %04o", "%s の権限は既に %04o です", path, from), Map.of());
    }
    if (now != to) {
      return ActionResult.failed(Text.of("%s has mode %04o, changed since spamtrace set %04o; not touching it",
          "%s の権限は %04o で、spamtrace が設定した %04o から変更されています。変更しません", path, now, to));
    }
    FileState.setMode(local, from, ctx.commands());
    return ActionResult.done(Text.of("%s: mode back to %04o", "%s: 権限を %04o に戻しました", path, from), Map.of("mode", String.format("%04o", from)));
  }
}
