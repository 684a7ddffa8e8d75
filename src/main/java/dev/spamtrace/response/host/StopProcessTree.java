package dev.spamtrace.response.host;

import dev.spamtrace.host.Accounts;
import dev.spamtrace.host.proc.HostProcess;
import dev.spamtrace.host.proc.ProcLink;
import dev.spamtrace.host.proc.ProcNet;
import dev.spamtrace.host.proc.ProcReader;
import dev.spamtrace.host.proc.ProcessTable;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.SafeFiles;
import dev.spamtrace.response.SystemCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stops a process and its descendants: freezes them all (SIGSTOP) so none can react or respawn
 * its children, saves the evidence of each into the case folder ({@code evidence/pid-N-NAME/}:
 * cmdline, environ, status, stat, maps, the fd list, its connections, and a copy of the program
 * read through {@code /proc/PID/exe}, which works even when the file was deleted), then kills
 * them (SIGKILL). A pid is only acted on while its start time is still the one the plan saw (a
 * pid is reused; pid and start time are not). Not undoable: the journal says so and the evidence
 * stays. Only on the live server's own {@code /proc}.
 */
public final class StopProcessTree implements Action {
  public static final String TYPE = "stop-process";
  private static final long EXE_MAX = 512L << 20;

  private final int pid;
  private final long startTicks;
  private final String name;
  private final String exe;
  private final List<String> reasons;
  private final List<String> findings;

  public StopProcessTree(int pid, long startTicks, String name, String exe, List<String> reasons, List<String> findings) {
    this.pid = pid;
    this.startTicks = startTicks;
    this.name = name;
    this.exe = exe;
    this.reasons = List.copyOf(reasons);
    this.findings = List.copyOf(findings);
  }

  public int pid() {
    return pid;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "pid:" + pid;
  }

  @Override
  public Text description() {
    return Text.of("freeze %s (pid %d, %s) and its children, save their evidence to the case folder, then kill them (cannot be undone)",
        "%s (pid %d、%s) と子プロセスを凍結し、証拠をケースフォルダに保存してから強制終了 (元に戻せません)",
        dev.spamtrace.support.Printable.clip(name, 40), pid, dev.spamtrace.support.Printable.clip(exe == null ? "?" : exe, 100));
  }

  @Override
  public boolean undoable() {
    return false;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> refusals = new ArrayList<>();
    if (!liveProc(ctx)) {
      refusals.add(Text.of("%s is not this machine's live /proc; stop pid %d on the server itself",
          "%s はこのマシンの /proc ではありません。pid %d はそのサーバ上で停止してください", ctx.root().procDirectory(), pid));
      return refusals;
    }
    List<HostProcess> tree = tree(ctx);
    if (tree.isEmpty() || tree.get(0).startTicks() != startTicks) {
      refusals.add(Text.of("pid %d is no longer the process the plan saw (gone, or the pid was reused)",
          "pid %d は計画時のプロセスではありません (終了したか pid が再利用されました)", pid));
      return refusals;
    }
    StopPolicy policy = new StopPolicy(ctx.config());
    for (HostProcess p : tree) {
      policy.refusal(p.pid(), p.uid(), p.euid(), p.user(), p.exe() == null ? null : p.exe().path(), p.kernelThread())
          .ifPresent(refusals::add);
    }
    return refusals;
  }

  private static boolean liveProc(ActionContext ctx) {
    try {
      return ctx.root().procDirectory().toRealPath().equals(Path.of("/proc").toRealPath())
          && Files.isDirectory(Path.of("/proc/self"));
    } catch (IOException e) {
      return false;
    }
  }

  /** The process and its descendants as /proc shows them now. */
  private List<HostProcess> tree(ActionContext ctx) {
    Accounts accounts = Accounts.read(ctx.root());
    ProcessTable t = new ProcReader(ctx.root(), accounts, ctx.clock()).read();
    return t.tree(pid);
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("pid", pid);
    p.put("start-ticks", startTicks);
    p.put("exe", exe);
    List<Map<String, Object>> members = new ArrayList<>();
    for (HostProcess h : tree(ctx)) {
      members.add(Map.of("pid", h.pid(), "start-ticks", h.startTicks(), "name", h.comm()));
    }
    p.put("tree", members);
    p.put("evidence", ctx.caseFolder().sub("evidence").resolve("pid-" + pid + "-" + safe(name) + "-" + startTicks).toString());
    p.put("reasons", reasons);
    p.put("undo", "not possible: a killed process cannot be brought back; its evidence is kept in the case folder");
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws IOException, InterruptedException {
    Path evidence = Path.of((String) prepared.get("evidence"));
    ProcReader reader = new ProcReader(ctx.root(), Accounts.read(ctx.root()), ctx.clock());
    SystemCommand cmd = ctx.commands();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) prepared.get("tree");

    // Freeze only what is still the same process (pid and start time).
    List<Integer> frozen = new ArrayList<>();
    for (Map<String, Object> m : members) {
      int p = ((Number) m.get("pid")).intValue();
      long ticks = ((Number) m.get("start-ticks")).longValue();
      if (reader.process(p).map(h -> h.startTicks() == ticks).orElse(false) && signal(cmd, "STOP", List.of(p))) {
        // Re-read after the stop: a pid reused in between is let go at once.
        if (reader.process(p).map(h -> h.startTicks() == ticks).orElse(false)) {
          frozen.add(p);
        } else {
          signal(cmd, "CONT", List.of(p));
        }
      }
    }
    if (frozen.isEmpty()) {
      return ActionResult.failed(Text.of("pid %d was gone before it could be frozen", "pid %d は凍結前に終了していました", pid));
    }
    // Whatever happens while saving the evidence, the frozen processes are killed: none is left
    // stopped and forgotten.
    List<String> saved = new ArrayList<>();
    List<String> notSaved = new ArrayList<>();
    try {
      Files.createDirectories(evidence);
      for (int p : frozen) {
        try {
          saved.addAll(saveEvidence(ctx, p, evidence.resolve(Integer.toString(p))));
        } catch (IOException | RuntimeException e) {
          notSaved.add(p + ": " + e);
        }
      }
    } catch (IOException | RuntimeException e) {
      notSaved.add(evidence + ": " + e);
    } finally {
      signal(cmd, "KILL", frozen);
    }
    List<Integer> left = new ArrayList<>();
    for (int p : frozen) {
      if (!gone(reader, p, ((Number) members.stream().filter(m -> ((Number) m.get("pid")).intValue() == p).findFirst()
          .orElseThrow().get("start-ticks")).longValue())) {
        left.add(p);
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("killed", frozen);
    details.put("evidence", evidence.toString());
    details.put("files", saved);
    if (!notSaved.isEmpty()) {
      details.put("evidence-not-saved", notSaved);
    }
    details.put("undo", "not possible; the evidence stays in " + evidence);
    if (!left.isEmpty()) {
      details.put("still-running", left);
      return new ActionResult(false, Text.of("pids %s were frozen and their evidence saved, but they did not exit", "pid %s は凍結して証拠を保存しましたが終了しませんでした",
          left), details);
    }
    return ActionResult.done(Text.of("stopped pid %d (%d process(es)); evidence in %s", "pid %d (%d 個のプロセス) を停止しました。証拠: %s",
        pid, frozen.size(), evidence), details);
  }

  /**
   * kill(1) with an argument list. False when it did not reach every pid (one exited meanwhile);
   * whether each is gone is checked afterwards from /proc, not inferred from this.
   */
  private static boolean signal(SystemCommand cmd, String sig, List<Integer> pids) throws IOException {
    if (pids.isEmpty()) {
      return true;
    }
    List<String> argv = new ArrayList<>(List.of("kill", "-" + sig, "--"));
    pids.forEach(p -> argv.add(Integer.toString(p)));
    return cmd.run(argv).ok();
  }

  /** Gone or a zombie (dead, waiting for its parent) within two seconds. */
  private static boolean gone(ProcReader reader, int p, long ticks) throws InterruptedException {
    for (int i = 0; i < 40; i++) {
      Optional<HostProcess> h = reader.process(p);
      if (h.isEmpty() || h.get().startTicks() != ticks || h.get().zombie()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Copies what /proc knows about a frozen process; each file that cannot be read is noted, never fatal. */
  private List<String> saveEvidence(ActionContext ctx, int p, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path proc = ctx.root().procDirectory().resolve(Integer.toString(p));
    List<String> saved = new ArrayList<>();
    StringBuilder notes = new StringBuilder();
    for (String f : new String[] {"cmdline", "comm", "environ", "status", "stat", "maps"}) {
      try {
        Files.write(dir.resolve(f), read(proc.resolve(f), 16L << 20));
        saved.add(dir.resolve(f).toString());
      } catch (IOException e) {
        notes.append(f).append(": ").append(e).append('\n');
      }
    }
    // fd list and the sockets behind it.
    StringBuilder fds = new StringBuilder();
    Set<Long> inodes = new HashSet<>();
    try (var s = Files.list(proc.resolve("fd"))) {
      for (Path fd : s.sorted().toList()) {
        String target = ctx.root().readLink(fd).orElse("?");
        fds.append(fd.getFileName()).append(" -> ").append(target).append('\n');
        ProcLink.socketInode(target).ifPresent(inodes::add);
      }
    } catch (IOException e) {
      notes.append("fd: ").append(e).append('\n');
    }
    Files.writeString(dir.resolve("fd.txt"), fds, StandardCharsets.UTF_8);
    saved.add(dir.resolve("fd.txt").toString());
    StringBuilder conns = new StringBuilder();
    for (String f : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
      try {
        String text = new String(read(proc.resolve("net").resolve(f), 64L << 20), StandardCharsets.ISO_8859_1);
        for (var sock : ProcNet.parse(f, text).sockets()) {
          if (inodes.contains(sock.inode())) {
            conns.append(f).append(' ').append(sock.describe()).append(" uid=").append(sock.uid()).append(" inode=").append(sock.inode())
                .append('\n');
          }
        }
      } catch (IOException e) {
        notes.append("net/").append(f).append(": ").append(e).append('\n');
      }
    }
    Files.writeString(dir.resolve("connections.txt"), conns, StandardCharsets.UTF_8);
    saved.add(dir.resolve("connections.txt").toString());
    String exeText = ctx.root().readLink(proc.resolve("exe")).orElse("?");
    String cwdText = ctx.root().readLink(proc.resolve("cwd")).orElse("?");
    Files.writeString(dir.resolve("links.txt"), "exe -> " + exeText + "\ncwd -> " + cwdText + "\n", StandardCharsets.UTF_8);
    saved.add(dir.resolve("links.txt").toString());
    // The program itself, through the kernel's link: this works even after the file was deleted.
    Path exeCopy = dir.resolve("exe");
    try (InputStream in = Files.newInputStream(proc.resolve("exe")); OutputStream out = Files.newOutputStream(exeCopy)) {
      long n = in.transferTo(new CappedOutput(out, EXE_MAX));
      Files.writeString(dir.resolve("exe.sha256"), SafeFiles.sha256(exeCopy) + "  " + exeText + "\n", StandardCharsets.UTF_8);
      saved.add(exeCopy + " (" + n + " bytes)");
    } catch (IOException e) {
      notes.append("exe: ").append(e).append('\n');
    }
    Files.setPosixFilePermissions(exeCopy.getParent(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(exeCopy)) {
      Files.setPosixFilePermissions(exeCopy, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
    }
    if (notes.length() > 0) {
      Files.writeString(dir.resolve("not-saved.txt"), notes, StandardCharsets.UTF_8);
    }
    return saved;
  }

  private static byte[] read(Path p, long max) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 16));
    }
  }

  private static String safe(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
    }
    return b.length() > 40 ? b.substring(0, 40) : b.toString();
  }

  /** Stops copying at a limit (a program larger than this is not a spam script's). */
  private static final class CappedOutput extends OutputStream {
    private final OutputStream out;
    private long left;

    CappedOutput(OutputStream out, long max) {
      this.out = out;
      this.left = max;
    }

    @Override
    public void write(int b) throws IOException {
      if (left-- > 0) {
        out.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = (int) Math.min(len, Math.max(0, left));
      out.write(b, off, n);
      left -= len;
    }
  }
}
