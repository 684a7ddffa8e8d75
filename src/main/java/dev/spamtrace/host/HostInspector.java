package dev.spamtrace.host;

import dev.spamtrace.host.cron.CronReader;
import dev.spamtrace.host.cron.CronTable;
import dev.spamtrace.host.cron.CrontabEntry;
import dev.spamtrace.host.proc.HostProcess;
import dev.spamtrace.host.proc.ProcReader;
import dev.spamtrace.host.proc.ProcessTable;
import dev.spamtrace.host.rules.Glob;
import dev.spamtrace.host.rules.Places;
import dev.spamtrace.host.rules.RuleSet;
import dev.spamtrace.host.rules.Verdict;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import dev.spamtrace.support.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The host as a spammer leaves it: disguised processes ({@code suspicious-process}), the cron
 * entries that relaunch them ({@code cron-persistence}) and the payloads in temporary places
 * ({@code tmp-payload}, or {@code suspicious-file} when weaker), linked to each other. With
 * {@code --samples N --interval S} it looks at the process table N times and ties processes that
 * keep getting new start times to the cron entry with that period.
 *
 * <p>Read-only: {@code /proc} and crontabs through the root, judgement by the rule files under
 * {@code rules/host/}. Publishes the {@link ProcessTable} and {@link CronTable} as artifacts.
 */
public final class HostInspector implements Inspector {
  public static final String ID = "host";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    HostRoot root = ctx.root();
    HostSettings settings = ctx.config().section(HostSettings.SECTION, HostSettings.class);
    UserClasses classes = new UserClasses(ctx.config().users());
    Accounts accounts = Accounts.read(root);
    RuleSet procRules = RuleSet.load(RuleSet.PROCESS);
    RuleSet cronRules = RuleSet.load(RuleSet.CRON);
    RuleSet payloadRules = RuleSet.load(RuleSet.PAYLOAD);
    Places places = Places.of(settings);
    InspectionResult.Collector out = InspectionResult.collector(ID);

    // 1. Processes, looked at once or several times.
    ProcReader reader = new ProcReader(root, accounts, ctx.clock());
    List<ProcessTable> looks = new ArrayList<>();
    int samples = Math.max(1, ctx.options().samples());
    for (int i = 0; i < samples; i++) {
      looks.add(reader.read());
      if (!looks.get(0).present()) {
        break;
      }
      if (i + 1 < samples) {
        try {
          Thread.sleep(ctx.options().interval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.gap(root.procDirectory().toString(), Text.of("sampling interrupted after %d of %d looks",
              "%d / %d 回目で観測が中断されました", i + 1, samples));
          break;
        }
      }
    }
    ProcessTable table = looks.get(looks.size() - 1);
    ctx.artifacts().put(ProcessTable.class, table);
    reportProcessCoverage(table, looks.size(), out);
    List<Respawn.Group> groups = Respawn.analyze(looks);

    // 2. Crontabs and the other schedulers.
    CronTable cron = new CronReader(root, settings, accounts).read();
    ctx.artifacts().put(CronTable.class, cron);
    out.covered(Text.of("scheduled commands: crontabs, cron.d, periodic scripts, user spools, systemd timers, at jobs (%d files)",
        "スケジュール: crontab・cron.d・定期スクリプト・ユーザー spool・systemd タイマー・at ジョブ (%d ファイル)", cron.filesRead()),
        cron.entries().size());
    for (CronTable.Problem p : cron.problems()) {
      out.gap(p.source(), Text.of("not read: %s", "読めませんでした: %s", Printable.of(p.reason())));
    }

    // 3. Temporary places.
    PayloadScan.Result scan = new PayloadScan(root, settings, accounts, classes, payloadRules).scan();
    out.covered(Text.of("files in %s", "%s のファイル", String.join(", ", settings.temporaryPlaces())), scan.looked());
    for (String[] p : scan.problems()) {
      out.gap(p[0], Text.of("%s", "%s", Printable.of(p[1])));
    }

    // 4. Links: cron entry → processes and payloads it starts; respawning groups → their cron entry.
    Map<Integer, HostProcess> index = table.index();
    Map<CrontabEntry, List<HostProcess>> entryProcesses = new LinkedHashMap<>();
    Map<CrontabEntry, List<String>> entryPayloads = new LinkedHashMap<>();
    Map<CrontabEntry, List<Respawn.Group>> entryRespawns = new LinkedHashMap<>();
    for (CrontabEntry e : cron.entries()) {
      List<String> paths = CronFacts.paths(e.command());
      List<String> files = new ArrayList<>();
      StringBuilder scripts = new StringBuilder();
      for (PayloadScan.PayloadFile f : scan.files()) {
        if (links(paths, f.path(), null, List.of(), settings)) {
          files.add(f.path());
          scripts.append(f.facts().getOrDefault("content", "")).append('\n');
        }
      }
      entryPayloads.put(e, files);
      List<HostProcess> procs = new ArrayList<>();
      for (HostProcess p : table.processes()) {
        if (!p.kernelThread() && (links(paths, exePath(p), cwdPath(p), p.argv(), settings)
            || p.user().equals(e.user()) && namedByScript(scripts, p))) {
          procs.add(p);
        }
      }
      entryProcesses.put(e, procs);
    }
    Map<Respawn.Group, CrontabEntry> groupEntry = new LinkedHashMap<>();
    for (Respawn.Group g : groups) {
      CrontabEntry best = null;
      for (CrontabEntry e : cron.entries()) {
        if (e.every() == null || !e.every().regular()
            || !Respawn.fits(g.periodSeconds(), e.every().periodSeconds(), settings.respawnToleranceSeconds(), looks.size())) {
          continue;
        }
        List<String> paths = CronFacts.paths(e.command());
        boolean linked = g.instances().stream().anyMatch(i -> links(paths, g.key().exe(), i.cwd(), i.argv(), settings));
        boolean sameUser = accounts.userName(g.key().uid()).equals(e.user());
        if (linked && sameUser) {
          best = e;
          break;
        }
        if (best == null && sameUser) {
          best = e;
        }
      }
      if (best != null) {
        groupEntry.put(g, best);
        entryRespawns.computeIfAbsent(best, k -> new ArrayList<>()).add(g);
      }
    }

    // 5. Judge and report processes.
    int procThreshold = procRules.findings().getOrDefault(FindingKind.SUSPICIOUS_PROCESS.id(), 1);
    Map<Integer, String> processFindings = new TreeMap<>();
    for (HostProcess p : table.processes()) {
      if (p.kernelThread()) {
        continue;
      }
      Respawn.Group g = groupOf(p, groups);
      Map<String, Object> facts = ProcessFacts.of(p, index, settings, classes, procRules, g == null ? null : g.period());
      Verdict v = procRules.judge(facts, places);
      if (v.weight() < procThreshold) {
        continue;
      }
      Finding.Builder b = Finding.builder(FindingKind.SUSPICIOUS_PROCESS, p.subject()).server(ctx.server()).source(ID)
          .severity(v.severity())
          .summary(Text.of("%s (pid %d, user %s) runs %s: %d reason(s)", "%s (pid %d、ユーザー %s) の実体は %s: 理由 %d 件",
              Printable.clip(p.comm(), 40), p.pid(), Printable.of(p.user()),
              p.exe() == null ? "?" : Printable.clip(p.exe().text(), 120), v.hits().size()))
          .reasons(v.reasons())
          .evidence("pid", p.pid()).evidence("ppid", p.ppid()).evidence("name", p.comm()).evidence("cmdline", p.argv())
          .evidence("exe", p.exe() == null ? null : p.exe().text())
          .evidence("cwd", p.cwd() == null ? null : p.cwd().text())
          .evidence("uid", p.uid()).evidence("euid", p.euid()).evidence("user", p.user()).evidence("user-class", facts.get("user-class"))
          .evidence("start-ticks", p.startTicks())
          .evidence("started", p.started() == null ? null : p.started().toString())
          .evidence("sockets", p.sockets().stream().map(s -> s.protocol() + " " + s.describe()).toList())
          .evidence("smtp-connections", facts.get("smtp-connections"))
          .evidence("udp-sockets", facts.get("udp-sockets"))
          .evidence("rules", v.ruleIds()).evidence("weight", v.weight());
      List<String> crons = new ArrayList<>();
      entryProcesses.forEach((e, procs) -> {
        if (procs.contains(p)) {
          crons.add(e.subject());
        }
      });
      if (g != null && groupEntry.containsKey(g) && !crons.contains(groupEntry.get(g).subject())) {
        crons.add(groupEntry.get(g).subject());
      }
      b.evidence("cron", crons.isEmpty() ? null : crons);
      List<String> payloads = new ArrayList<>();
      for (PayloadScan.PayloadFile f : scan.files()) {
        if (f.verdict().any() && linksPayloadToProcess(f.path(), p, settings)) {
          payloads.add(f.path());
        }
      }
      b.evidence("payloads", payloads.isEmpty() ? null : payloads);
      if (g != null) {
        b.evidence("respawn", respawnEvidence(g, groupEntry.get(g)));
      }
      Finding f = b.build();
      out.finding(f);
      processFindings.put(p.pid(), f.id());
    }

    // 6. Judge and report cron entries.
    int cronThreshold = cronRules.findings().getOrDefault(FindingKind.CRON_PERSISTENCE.id(), 1);
    for (CrontabEntry e : cron.entries()) {
      String userClass = classes.ofName(e.user(), accounts);
      List<Respawn.Group> rg = entryRespawns.getOrDefault(e, List.of());
      int respawned = rg.stream().mapToInt(g -> g.instances().size()).sum();
      Map<String, Object> facts = CronFacts.of(e, userClass, settings, respawned);
      Verdict v = cronRules.judge(facts, places);
      if (v.weight() < cronThreshold) {
        continue;
      }
      Set<Integer> pids = new LinkedHashSet<>();
      entryProcesses.get(e).forEach(p -> pids.add(p.pid()));
      rg.forEach(g -> table.processes().stream().filter(p -> g.pids().contains(p.pid())).forEach(p -> pids.add(p.pid())));
      boolean removable = (e.source() == CrontabEntry.Source.USER_CRONTAB || e.source() == CrontabEntry.Source.SYSTEM_CRONTAB)
          && classes.webOrCustomer(userClass);
      Finding.Builder b = Finding.builder(FindingKind.CRON_PERSISTENCE, e.subject()).server(ctx.server()).source(ID)
          .severity(v.severity())
          .summary(Text.of("%s's %s runs %s (%s): %d reason(s)", "%s の %s が %s を実行 (%s): 理由 %d 件",
              Printable.of(e.user()), Printable.of(e.file()), Printable.clip(e.command(), 120), Printable.of(e.schedule()), v.hits().size()))
          .reasons(v.reasons())
          .evidence("file", e.file()).evidence("line", e.line()).evidence("user", e.user()).evidence("user-class", userClass)
          .evidence("source", facts.get("source")).evidence("schedule", e.schedule()).evidence("command", e.command())
          .evidence("text", e.text().isEmpty() ? null : e.text())
          .evidence("every-minutes", e.every() == null ? null : e.every().shortestGapMinutes())
          .evidence("period-seconds", e.every() == null || !e.every().regular() ? null : e.every().periodSeconds())
          .evidence("rules", v.ruleIds()).evidence("weight", v.weight())
          .evidence("processes", pids.isEmpty() ? null : new ArrayList<>(pids))
          .evidence("payloads", entryPayloads.get(e).isEmpty() ? null : entryPayloads.get(e))
          .evidence("removable", removable);
      if (!rg.isEmpty()) {
        b.evidence("respawn", rg.stream().map(g -> respawnEvidence(g, e)).toList());
      }
      out.finding(b.build());
    }

    // 7. Payloads.
    int payloadAt = payloadRules.findings().getOrDefault(FindingKind.TMP_PAYLOAD.id(), 3);
    int reviewAt = payloadRules.findings().getOrDefault(FindingKind.SUSPICIOUS_FILE.id(), 1);
    for (PayloadScan.PayloadFile f : scan.files()) {
      Verdict v = f.verdict();
      if (v.weight() < reviewAt) {
        continue;
      }
      FindingKind kind = v.weight() >= payloadAt ? FindingKind.TMP_PAYLOAD : FindingKind.SUSPICIOUS_FILE;
      List<String> crons = new ArrayList<>();
      entryPayloads.forEach((e, files) -> {
        if (files.contains(f.path())) {
          crons.add(e.subject());
        }
      });
      List<Integer> pids = new ArrayList<>();
      for (HostProcess p : table.processes()) {
        if (!p.kernelThread() && linksPayloadToProcess(f.path(), p, settings)) {
          pids.add(p.pid());
        }
      }
      out.finding(Finding.builder(kind, f.path()).server(ctx.server()).source(ID).severity(v.severity())
          .summary(Text.of("%s (%s, owner %s) in a temporary place: %d reason(s)", "一時ディレクトリの %s (%s、所有者 %s): 理由 %d 件",
              Printable.clip(f.path(), 160), f.type(), Printable.of(f.owner()), v.hits().size()))
          .reasons(v.reasons())
          .evidence("path", f.path()).evidence("owner", f.owner()).evidence("uid", f.uid()).evidence("mode", f.mode())
          .evidence("size", f.size()).evidence("type", f.type()).evidence("rules", v.ruleIds()).evidence("weight", v.weight())
          .evidence("cron", crons.isEmpty() ? null : crons).evidence("processes", pids.isEmpty() ? null : pids)
          .build());
    }
    return out.build();
  }

  private static void reportProcessCoverage(ProcessTable table, int looks, InspectionResult.Collector out) {
    if (!table.present()) {
      out.covered(Text.of("no processes under %s: processes not looked at (a disk copy, or proc not mounted; see --proc)",
          "%s にプロセスがありません: プロセスは見ていません (ディスクのコピーか proc 未マウント。--proc を参照)", table.procDirectory()), -1);
      return;
    }
    out.covered(Text.of("processes in %s (%d looks, %d sockets, %d exited while read)",
        "%s のプロセス (%d 回観測、ソケット %d、読み取り中に終了 %d)", table.procDirectory(), looks, table.sockets(), table.vanished()),
        table.processes().size());
    int shown = 0;
    for (ProcessTable.Problem p : table.problems()) {
      if (shown++ < 20) {
        out.gap(p.source(), Text.of("not read: %s", "読めませんでした: %s", Printable.of(p.reason())));
      }
    }
    if (shown > 20) {
      out.gap(table.procDirectory(), Text.of("%d more entries not read", "ほか %d 件が読めませんでした", shown - 20));
    }
    Map<String, Integer> missing = new TreeMap<>();
    for (HostProcess p : table.processes()) {
      for (String u : p.unreadable()) {
        String what = u.contains(":") ? u.substring(0, u.indexOf(':')) : u;
        missing.merge(what, 1, Integer::sum);
      }
    }
    missing.forEach((what, n) -> out.gap(table.procDirectory(), Text.of("%s of %d process(es) could not be read (not root, or another namespace); they were judged without it",
        "%2$d 個のプロセスの %1$s を読めませんでした (root ではないか別の名前空間)。それ抜きで判定しています", what, n)));
  }

  private static Respawn.Group groupOf(HostProcess p, List<Respawn.Group> groups) {
    for (Respawn.Group g : groups) {
      if (Respawn.sameKey(p, g.key()) && g.instances().stream().anyMatch(i -> i.pid() == p.pid() && i.startTicks() == p.startTicks())) {
        return g;
      }
    }
    return null;
  }

  private static Map<String, Object> respawnEvidence(Respawn.Group g, CrontabEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", g.key().comm());
    m.put("exe", g.key().exe());
    m.put("period-seconds", g.periodSeconds());
    m.put("pids", g.pids());
    m.put("started", g.instances().stream().map(i -> i.started() == null ? "ticks " + i.startTicks() : i.started().toString()).toList());
    if (e != null) {
      m.put("cron", e.subject());
    }
    return m;
  }

  private static String exePath(HostProcess p) {
    return p.exe() == null ? null : p.exe().path();
  }

  private static String cwdPath(HostProcess p) {
    return p.cwd() == null ? null : p.cwd().path();
  }

  /**
   * Whether a command that names {@code paths} starts this program/folder/command line: the same
   * path, or inside the folder of a named path when that folder is a payload's own (inside a
   * temporary place or a document root, or hidden), never a shared folder like {@code /usr/bin}.
   */
  static boolean links(List<String> paths, String exe, String cwd, List<String> argv, HostSettings s) {
    for (String path : paths) {
      List<String> anchors = new ArrayList<>();
      if (ownFolder(path, s)) {
        anchors.add(path);
      }
      int slash = path.lastIndexOf('/');
      String parent = slash > 0 ? path.substring(0, slash) : "/";
      if (ownFolder(parent, s)) {
        anchors.add(parent);
      }
      if (path.equals(exe) || argv.contains(path)) {
        return true;
      }
      for (String a : anchors) {
        if (Glob.under(exe, a) || Glob.under(cwd, a) || argv.stream().anyMatch(x -> Glob.under(x, a))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A folder that belongs to one payload: below (not at) a temporary place or docroot, or hidden. */
  private static boolean ownFolder(String dir, HostSettings s) {
    if (dir.equals("/")) {
      return false;
    }
    for (String place : s.temporaryPlaces()) {
      if (Glob.under(dir, place)) {
        return !Glob.under(place, dir);
      }
    }
    for (String place : s.docroots()) {
      if (Glob.under(dir, place) && dir.split("/").length > place.split("/").length + 1) {
        return true;
      }
    }
    return CronFacts.hasHiddenPart(dir);
  }

  /**
   * Whether the scripts an entry starts name this process: its program's path, or both its
   * program's and its own name as words when the two differ ({@code perl /tmp/.x/bash} and
   * {@code pgrep -x bash} for a perl calling itself bash), when a process rewrote its command line
   * and only that is left.
   */
  static boolean namedByScript(CharSequence scripts, HostProcess p) {
    if (scripts.length() == 0 || p.exe() == null) {
      return false;
    }
    String text = scripts.toString();
    return text.contains(p.exe().path())
        || !p.comm().equals(p.exe().baseName()) && hasWord(text, p.exe().baseName()) && hasWord(text, p.comm());
  }

  private static boolean hasWord(String text, String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      boolean before = i == 0 || !wordChar(text.charAt(i - 1));
      int end = i + word.length();
      boolean after = end >= text.length() || !wordChar(text.charAt(end));
      if (before && after) {
        return true;
      }
    }
    return false;
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean linksPayloadToProcess(String path, HostProcess p, HostSettings s) {
    if (p.exe() != null && path.equals(p.exe().path()) || p.argv().contains(path)) {
      return true;
    }
    String cwd = cwdPath(p);
    return cwd != null && ownFolder(cwd, s) && Glob.under(path, cwd);
  }
}
