package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spamtrace firewall confirm}: the operator is still in, so the pending changes stay. Each
 * pending element still in its set gets its final timeout (its own expiry, or none) in one
 * transaction; an element the dead-man switch already took away is reported as rolled back, and
 * its action has to be applied again.
 */
public final class ConfirmChanges implements Action {
  public static final String TYPE = "firewall-confirm";

  private final List<PendingChanges.Pending> pending;
  private final Map<String, String> env;

  public ConfirmChanges(List<PendingChanges.Pending> pending, Map<String, String> env) {
    this.pending = List.copyOf(pending);
    this.env = Map.copyOf(env);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    Set<String> ids = new LinkedHashSet<>();
    pending.forEach(p -> ids.add(p.target()));
    return String.join(", ", ids);
  }

  @Override
  public Text description() {
    return Text.of("keep %d pending firewall element(s) in force", "保留中のファイアウォール要素 %d 件を確定します", pending.size());
  }

  /** Undo reverses the confirmed actions themselves; the confirmation has nothing of its own to put back. */
  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return List.of();
  }

  private String netns() {
    return pending.isEmpty() ? null : pending.get(0).netns();
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> out = new ArrayList<>();
    if (pending.isEmpty()) {
      out.add(Text.of("nothing is waiting for confirmation", "確認待ちの変更はありません"));
      return out;
    }
    out.addAll(Firewall.in(ctx, env, netns()).refusals());
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) {
    Map<String, Object> p = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (PendingChanges.Pending x : pending) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", x.action());
      m.put("set", x.set().name());
      m.put("element", x.element().toString());
      if (x.expiry() != null) {
        m.put("expires", x.expiry().toString());
      }
      items.add(m);
    }
    p.put("netns", netns());
    p.put("backend", pending.isEmpty() ? null : pending.get(0).backend());
    p.put("pending", items);
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    Firewall fw = Firewall.in(ctx, env, netns());
    String backendName = pending.get(0).backend();
    FirewallBackend backend = fw.backend(backendName == null ? fw.settings().backend() : backendName);
    FirewallState state = backend.read();
    Instant now = ctx.clock().instant();
    Change change = new Change();
    Firewall.putNever(change, fw.neverBlock());
    Set<String> confirmed = new LinkedHashSet<>();
    List<String> rolledBack = new ArrayList<>();
    int kept = 0;
    for (PendingChanges.Pending p : pending) {
      Optional<Member> m = state.find(p.set(), p.element());
      if (m.isEmpty()) {
        rolledBack.add(p.target() + ": " + p.set().name() + " " + p.element());
        continue;
      }
      confirmed.add(p.action());
      if (!m.get().pending()) {
        continue;
      }
      Long timeout = null;
      if (p.expiry() != null) {
        long left = Duration.between(now, p.expiry()).toSeconds();
        if (left <= 0) {
          continue; // its own expiry is due anyway
        }
        timeout = left;
      }
      change.retime(p.set(), p.element(), timeout);
      kept++;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    Path dir = fw.workDir();
    if (kept > 0) {
      String stamp = now.toString().replace(':', '-');
      Files.writeString(dir.resolve("confirm-" + stamp + "-before.txt"), backend.snapshot(), StandardCharsets.UTF_8);
      details.put("rules", backend.apply(fw.layout(state), change, dir).toString());
      Files.writeString(dir.resolve("confirm-" + stamp + "-after.txt"), backend.snapshot(), StandardCharsets.UTF_8);
    }
    details.put("confirmed", new ArrayList<>(confirmed));
    details.put("kept", kept);
    details.put("rolledBack", rolledBack);
    if (confirmed.isEmpty()) {
      return ActionResult.failed(Text.of("too late: every pending change has already rolled back (%s); apply it again",
          "時間切れです。保留中の変更はすべて元に戻っています (%s)。もう一度適用してください", String.join("; ", rolledBack)));
    }
    return ActionResult.done(Text.of("confirmed %d element(s) of %s%s", "%2$s の %1$d 件を確定しました%3$s", kept, String.join(", ", confirmed),
        rolledBack.isEmpty() ? "" : "; already rolled back: " + String.join("; ", rolledBack)), details);
  }

  /** Reverses a confirmation: nothing of its own to put back (undo the confirmed actions instead). */
  public static final class Reverse implements Reversal {
    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) {
      return ActionResult.done(Text.of("a confirmation has nothing to put back; undo the confirmed actions themselves",
          "確定操作自体に戻すものはありません。確定した操作を個別に元に戻してください"), Map.of());
    }
  }
}
