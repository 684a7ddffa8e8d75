package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.Reversal;
import dev.spamtrace.response.journal.JournalEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Undoes a firewall action: removes the elements its intent listed that are still there (an
 * element the dead-man switch or its expiry already took away is simply gone), in the namespace
 * and back end it acted in. The intent is enough, so an action cut off mid-way (kill -9) is undone
 * the same way. When no element that changes traffic is left, our whole table (or our chains,
 * jumps and sets) goes, so nothing of ours stays behind.
 */
public abstract class FirewallReversal implements Reversal {
  /** Undoes {@link BlockAddress}. */
  public static final class Block extends FirewallReversal {
    @Override
    public String type() {
      return BlockAddress.TYPE;
    }
  }

  /** Undoes {@link SmtpOnlyMta}. */
  public static final class Smtp extends FirewallReversal {
    @Override
    public String type() {
      return SmtpOnlyMta.TYPE;
    }
  }

  /** Undoes {@link CountryPolicy}. */
  public static final class Country extends FirewallReversal {
    @Override
    public String type() {
      return CountryPolicy.TYPE;
    }
  }

  @Override
  public ActionResult reverse(ActionContext ctx, JournalEntry intent, Optional<JournalEntry> done) throws IOException {
    Firewall fw = Firewall.in(ctx, System.getenv(), intent.param("netns"));
    FirewallBackend backend = fw.backend(intent.param("backend") == null ? fw.settings().backend() : intent.param("backend"));
    FirewallState state = backend.read();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backend", backend.name());
    if (!state.present()) {
      return ActionResult.done(Text.of("%s: nothing of ours is in the firewall any more", "%s: ファイアウォールに spamtrace のルールは残っていません",
          intent.target()), details);
    }
    Path dir = fw.workDir();
    String stamp = ctx.clock().instant().toString().replace(':', '-');
    Path before = dir.resolve("undo-" + intent.type() + "-" + stamp + "-before.txt");
    Files.writeString(before, backend.snapshot(), StandardCharsets.UTF_8);
    Change change = new Change();
    List<Change.Remove> removing = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    Object adds = intent.params() == null ? null : intent.params().get("add");
    for (Object o : FirewallAction.list(adds)) {
      Map<?, ?> a = (Map<?, ?>) o;
      OurSet set = OurSet.byName(String.valueOf(a.get("set")));
      Element e = Element.parse(String.valueOf(a.get("element")));
      if (set != null && state.has(set, e)) {
        change.remove(set, e);
        removing.add(new Change.Remove(set, e));
        removed.add(set.name() + " " + e);
      } else {
        gone.add(a.get("set") + " " + e);
      }
    }
    boolean effectLeft = false;
    for (Map.Entry<String, List<Member>> s : state.sets().entrySet()) {
      OurSet set = OurSet.byName(s.getKey());
      if (set == null || !set.effect()) {
        continue;
      }
      for (Member m : s.getValue()) {
        if (removing.stream().noneMatch(r -> r.set().equals(set) && covers(r.element(), m.element()))) {
          effectLeft = true;
        }
      }
    }
    if (effectLeft) {
      Firewall.putNever(change, fw.neverBlock());
      Path rules = backend.apply(fw.layout(state), change, dir);
      details.put("rules", rules.toString());
    } else {
      backend.removeAll();
      details.put("removedTable", true);
    }
    Path after = dir.resolve("undo-" + intent.type() + "-" + stamp + "-after.txt");
    Files.writeString(after, backend.snapshot(), StandardCharsets.UTF_8);
    details.put("removed", removed);
    details.put("alreadyGone", gone.size());
    details.put("before", before.toString());
    details.put("after", after.toString());
    String en = String.format("%s: removed %d element(s)%s%s", intent.target(), removed.size(),
        gone.isEmpty() ? "" : ", " + gone.size() + " already gone (expired or rolled back)",
        effectLeft ? "" : "; nothing of ours is left, so our table and chains are gone");
    String ja = String.format("%s: %d 件を削除しました%s%s", intent.target(), removed.size(),
        gone.isEmpty() ? "" : "。" + gone.size() + " 件は既にありません (期限切れまたは自動復旧済み)",
        effectLeft ? "" : "。spamtrace のルールが残っていないため、テーブルとチェインも削除しました");
    return ActionResult.done(new Text(en, ja), details);
  }

  /** Whether removing {@code r} takes {@code m} away (a port range removes each of its ports). */
  static boolean covers(Element r, Element m) {
    if (!java.util.Objects.equals(r.net(), m.net())) {
      return false;
    }
    if (r.ports() == null || m.ports() == null) {
      return r.ports() == m.ports();
    }
    return r.ports().from() <= m.ports().from() && m.ports().to() <= r.ports().to();
  }
}
