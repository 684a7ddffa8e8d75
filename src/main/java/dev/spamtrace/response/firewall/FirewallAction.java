package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every firewall action shares. {@link #prepare} reads our sets and fixes exactly which
 * elements this action will add (those not already there), with their kernel timeouts; the
 * journal's intent holds that list, so undo after a crash removes exactly those. {@link #apply}
 * writes the before listing, applies one transaction (layout, never-block list, additions) and
 * writes the after listing; both listings are kept in the case folder and named in the journal.
 */
public abstract class FirewallAction implements Action {
  /** An element this action wants in a set, lasting until {@code expiry} (null: until undone). */
  public record Wanted(OurSet set, Element element, Instant expiry) {}

  protected final Map<String, String> env;
  protected final List<String> findings;

  protected FirewallAction(Map<String, String> env, List<String> findings) {
    this.env = Map.copyOf(env);
    this.findings = List.copyOf(findings);
  }

  @Override
  public boolean undoable() {
    return true;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  /** Refusals particular to this action (the never-block list for a block). */
  protected abstract List<Text> checkAction(Firewall fw);

  /** The elements wanted, given what is there now; notes say what was already in force. */
  protected abstract List<Wanted> wanted(Firewall fw, FirewallBackend backend, FirewallState state, List<String> notes) throws IOException;

  /** Sets whose whole content this action sets (a policy's allowed networks); written to files in prepare. */
  protected Map<OurSet, List<Element>> replacements(Firewall fw) throws IOException {
    return Map.of();
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    Firewall fw = Firewall.of(ctx, env);
    List<Text> out = new ArrayList<>(fw.refusals());
    if (out.isEmpty()) {
      out.addAll(checkAction(fw));
    }
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    Firewall fw = Firewall.of(ctx, env);
    FirewallBackend backend = fw.backend();
    FirewallState state = backend.read();
    List<String> notes = new ArrayList<>();
    List<Map<String, Object>> adds = new ArrayList<>();
    for (Wanted w : wanted(fw, backend, state, notes)) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("set", w.set().name());
      a.put("element", w.element().toString());
      Long timeout = fw.initialTimeout(w.expiry());
      if (timeout != null) {
        a.put("timeout", timeout);
      }
      if (w.expiry() != null) {
        a.put("expires", w.expiry().toString());
      }
      adds.add(a);
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("backend", backend.name());
    p.put("netns", fw.settings().netns());
    p.put("add", adds);
    Instant rollback = fw.rollbackAt();
    if (rollback != null && !adds.isEmpty()) {
      p.put("rollbackAt", rollback.toString());
    }
    Map<OurSet, List<Element>> repl = replacements(fw);
    if (!repl.isEmpty()) {
      Map<String, Object> files = new LinkedHashMap<>();
      Path dir = fw.workDir();
      for (Map.Entry<OurSet, List<Element>> e : repl.entrySet()) {
        Path f = Files.createTempFile(dir, e.getKey().name() + "-", ".txt");
        StringBuilder b = new StringBuilder();
        e.getValue().forEach(el -> b.append(el).append('\n'));
        Files.writeString(f, b, StandardCharsets.UTF_8);
        files.put(e.getKey().name(), f.toString());
      }
      p.put("replace", files);
    }
    if (!notes.isEmpty()) {
      p.put("notes", notes);
    }
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException {
    Firewall fw = Firewall.of(ctx, env);
    FirewallBackend backend = fw.backend(String.valueOf(prepared.get("backend")));
    NeverBlock never = fw.neverBlock();
    Path dir = fw.workDir();
    String stamp = ctx.clock().instant().toString().replace(':', '-');
    Path before = dir.resolve(type() + "-" + stamp + "-before.txt");
    Files.writeString(before, backend.snapshot(), StandardCharsets.UTF_8);
    FirewallState state = backend.read();
    Change change = new Change();
    Firewall.putNever(change, never);
    List<String> added = new ArrayList<>();
    for (Object o : list(prepared.get("add"))) {
      Map<?, ?> a = (Map<?, ?>) o;
      OurSet set = OurSet.byName(String.valueOf(a.get("set")));
      Element e = Element.parse(String.valueOf(a.get("element")));
      if (state.has(set, e)) {
        continue; // already there: a second apply of the same plan changes nothing
      }
      Long timeout = a.get("timeout") == null ? null : ((Number) a.get("timeout")).longValue();
      change.add(set, e, timeout);
      added.add(set.name() + " " + e);
    }
    if (prepared.get("replace") instanceof Map<?, ?> files) {
      for (Map.Entry<?, ?> f : files.entrySet()) {
        OurSet set = OurSet.byName(String.valueOf(f.getKey()));
        List<Element> els = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(String.valueOf(f.getValue())), StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            els.add(Element.parse(line.strip()));
          }
        }
        change.replace(set, els);
      }
    }
    Path ruleFile = backend.apply(fw.layout(state), change, dir);
    Path after = dir.resolve(type() + "-" + stamp + "-after.txt");
    Files.writeString(after, backend.snapshot(), StandardCharsets.UTF_8);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backend", backend.name());
    details.put("added", added);
    details.put("rules", ruleFile.toString());
    details.put("before", before.toString());
    details.put("after", after.toString());
    if (prepared.get("rollbackAt") != null && !added.isEmpty()) {
      details.put("rollbackAt", prepared.get("rollbackAt"));
    }
    if (!never.problems().isEmpty()) {
      details.put("neverBlockProblems", never.problems());
    }
    Text msg;
    if (added.isEmpty()) {
      msg = Text.of("%s: already in force; nothing added", "%s: 既に有効です。追加はありません", target());
    } else if (prepared.get("rollbackAt") != null) {
      msg = Text.of("%s: in force (%s); rolls back at %s unless `spamtrace firewall confirm`",
          "%s: 有効化しました (%s)。`spamtrace firewall confirm` しなければ %s に元に戻ります", target(), backend.name(), prepared.get("rollbackAt"));
    } else {
      msg = Text.of("%s: in force (%s)", "%s: 有効化しました (%s)", target(), backend.name());
    }
    return ActionResult.done(msg, details);
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }
}
