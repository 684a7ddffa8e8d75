package dev.spamtrace.filescan;

import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.rules.LiteralIndex;
import dev.spamtrace.filescan.rules.PhpScanner;
import dev.spamtrace.filescan.rules.Rule;
import dev.spamtrace.filescan.walk.TreeWalker;
import dev.spamtrace.filescan.walk.TreeWalker.Entry;
import dev.spamtrace.filescan.walk.TreeWalker.Kind;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.hostroot.ReadBuffer;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.support.Printable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scans one tree (a document root, or a folder given to {@code spamtrace scan}): walks it, reads
 * and scans the files that can hold PHP, adds the context reasons of the file's place, name,
 * owner and timing, and turns it all into findings ({@code malicious-file}, {@code suspicious-file},
 * {@code tampered-permissions}, {@code php-in-html-only-site}). Reads only.
 */
public final class TreeScan {
  private final HostRoot root;
  private final FileScanSettings settings;
  private final PhpScanner scanner;
  private final Map<Integer, String> webUsers;
  private final Set<String> phpExtensions;
  private final Set<String> staticFolders;
  private final Pattern configLookalike;
  private final String server;
  private final int threads;

  /**
   * @param webUsers uid → name of the web server's users on this root
   */
  public TreeScan(HostRoot root, FileScanSettings settings, PhpScanner scanner, Map<Integer, String> webUsers) {
    this.root = root;
    this.settings = settings;
    this.scanner = scanner;
    this.webUsers = Map.copyOf(webUsers);
    this.phpExtensions = Set.copyOf(settings.phpExtensions());
    this.staticFolders = Set.copyOf(settings.staticFolders());
    this.configLookalike = Pattern.compile(settings.configLookalikePattern(), Pattern.CASE_INSENSITIVE);
    this.server = root.label();
    this.threads = settings.threads() > 0 ? settings.threads() : Runtime.getRuntime().availableProcessors();
  }

  /** What scanning one tree gave. */
  public record Result(List<Finding> findings, List<Gap> gaps, long files, long scanned, long bytes) {}

  /** A file worth a finding, with everything known about it. */
  private static final class Seen {
    Entry entry;
    String serverPath;
    PhpScanner.ScanResult result;
    final List<ContextReason> context = new ArrayList<>();
    boolean php;
    boolean included;
    /** A .php name, or code hidden in a file that looks like an image or has no extension. */
    boolean disguised;
    String sha256;
  }

  /**
   * @param docroot the tree and who owns it
   * @param skip server paths of nested document roots, scanned on their own
   */
  public Result scan(Docroot docroot, Set<String> skip) {
    List<Finding> findings = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    Path start;
    try {
      start = root.resolve(docroot.path());
    } catch (RuntimeException e) {
      gaps.add(new Gap("filescan", docroot.path(), Text.of("cannot be resolved: %s", "解決できません: %s", e.getMessage())));
      return new Result(findings, gaps, 0, 0, 0);
    }
    List<Entry> files = new ArrayList<>();
    List<Entry> dirs = new ArrayList<>();
    List<Entry> links = new ArrayList<>();
    // Names that imitate configuration files: checked against every other file's text below.
    Map<String, Seen> lookalikes = new HashMap<>();
    Lookalikes look = new Lookalikes();
    // Files are read and scanned on the other cores while the walk goes on (the walk is mostly
    // waiting for lstat): a bounded queue keeps the walk from running far ahead.
    Scanning scanning = new Scanning(docroot, look);
    Object[] outcomes;
    try {
      new TreeWalker(new TreeWalker.Limits(settings.maxDepth(), settings.maxEntries())).walk(start,
          e -> !skip.contains(serverPath(docroot, e)),
          new TreeWalker.Visitor() {
            @Override
            public void entry(Entry e) {
              switch (e.kind()) {
                case FILE -> {
                  // Whether another file includes a look-alike is asked only where it matters: in an asset
                  // folder, or a name no real configuration file has (c0nfig.php). Elsewhere db.php is normal.
                  if (configLookalike.matcher(e.name()).matches() && (misspelt(e.name()) || staticFolder(e.relative().split("/")) != null)) {
                    Seen s = new Seen();
                    s.entry = e;
                    if (lookalikes.put(e.name().toLowerCase(Locale.ROOT), s) == null) {
                      look.add(e.name().toLowerCase(Locale.ROOT));
                    }
                  }
                  scanning.add(files.size(), e);
                  files.add(e);
                }
                case DIRECTORY -> dirs.add(e);
                case SYMLINK -> links.add(e);
                default -> { }
              }
            }

            @Override
            public void gap(Path local, String reason) {
              gaps.add(new Gap("filescan", display(docroot, local, start), Text.of("%s", "%s", reason)));
            }
          });
    } finally {
      outcomes = scanning.finish(files.size()); // the scanning threads end even when the walk fails
    }
    List<String> lookNames = look.names();
    // Files scanned before the walk had found every look-alike are searched for the later names.
    if (!lookNames.isEmpty()) {
      ReadBuffer buffer = new ReadBuffer();
      LiteralIndex all = LiteralIndex.of(lookNames);
      for (int i = 0; i < outcomes.length; i++) {
        if (outcomes[i] instanceof Read r && r.lookNamesKnown < lookNames.size()) {
          Entry e = files.get(i);
          FileRead again = root.read(e.local(), phpName(e) ? settings.maxFileBytes() : settings.otherFilesMaxBytes(), buffer);
          if (again instanceof FileRead.Buffered c) {
            java.util.BitSet m = all.find(c.bytes(), c.length());
            m.clear(0, r.lookNamesKnown);
            if (r.mentions != null) {
              m.or(r.mentions);
            }
            r.mentions = m;
          }
        }
      }
    }

    boolean customerSite = docroot.ownerUid() >= 0 && !webUsers.containsKey(docroot.ownerUid());
    List<Seen> seen = new ArrayList<>();
    Map<String, List<Entry>> byFolder = new HashMap<>();
    long scanned = 0;
    long bytes = 0;
    for (Entry e : files) {
      byFolder.computeIfAbsent(parent(e.relative()), k -> new ArrayList<>()).add(e);
    }
    for (int i = 0; i < outcomes.length; i++) {
      Object o = outcomes[i];
      if (o instanceof Gap g) {
        gaps.add(g);
      } else if (o instanceof Read r) {
        Entry e = files.get(i);
        scanned++;
        bytes += r.length;
        if (r.truncatedGap != null) {
          gaps.add(r.truncatedGap);
        }
        if (r.mentions != null) {
          for (int k = r.mentions.nextSetBit(0); k >= 0; k = r.mentions.nextSetBit(k + 1)) {
            Seen l = lookalikes.get(lookNames.get(k));
            if (l.entry != e) {
              l.included = true;
            }
          }
        }
        Seen s = lookalikes.get(e.name().toLowerCase(Locale.ROOT));
        if (s == null || s.entry != e) {
          s = new Seen();
          s.entry = e;
        }
        s.serverPath = r.serverPath;
        s.result = r.result;
        s.php = true;
        s.disguised = r.disguised;
        s.sha256 = r.sha256;
        seen.add(s);
      }
    }

    // Context of each PHP file.
    boolean htmlOnly = htmlOnlySite(files, seen);
    for (Seen s : seen) {
      String rel = s.entry.relative();
      String[] parts = rel.split("/");
      // A site's own asset folders sit near its top (images/, css/, wp-content/uploads/); a
      // library's Cache/ or Upload/ class folder deep inside is code. Names as sites write them.
      String folder = staticFolder(parts);
      if (folder != null) {
        s.context.add(ContextReason.staticFolder(folder));
      }
      if (configLookalike.matcher(s.entry.name()).matches() && (misspelt(s.entry.name()) || staticFolder(parts) != null)) {
        s.context.add(ContextReason.configLookalike(s.entry.name(), s.included));
      }
      if (s.entry.name().startsWith(".") || hiddenFolder(parts)) {
        s.context.add(ContextReason.hidden(rel));
      }
      if (customerSite && webUsers.containsKey(s.entry.uid())) {
        s.context.add(ContextReason.webUserOwned(webUsers.get(s.entry.uid()), docroot.owner().isEmpty() ? "uid " + docroot.ownerUid() : docroot.owner()));
      }
      if (htmlOnly) {
        s.context.add(ContextReason.htmlOnlySite());
      }
    }
    // Incident window: files changed around the malicious ones.
    List<Seen> malicious = seen.stream().filter(s -> verdict(s) == PhpScanner.Verdict.MALICIOUS).toList();
    if (!malicious.isEmpty()) {
      Duration w = Duration.ofMinutes(settings.incidentWindowMinutes());
      List<Seen> inWindow = new ArrayList<>();
      for (Seen s : seen) {
        for (Seen m : malicious) {
          if (s != m && Duration.between(m.entry.modified(), s.entry.modified()).abs().compareTo(w) <= 0) {
            inWindow.add(s);
            break;
          }
        }
      }
      int cluster = inWindow.size() + (int) malicious.stream().filter(m -> !inWindow.contains(m)).count();
      if (!inWindow.isEmpty() && inWindow.size() <= settings.maxClusterFiles()) {
        for (Seen s : inWindow) {
          Seen near = malicious.stream().filter(m -> m != s).min((a, b) -> Duration.between(a.entry.modified(), s.entry.modified()).abs()
              .compareTo(Duration.between(b.entry.modified(), s.entry.modified()).abs())).orElseThrow();
          s.context.add(ContextReason.incidentWindow(near.entry.relative(), settings.incidentWindowMinutes(), cluster));
        }
      }
    }
    // Empty or odd data files beside flagged PHP.
    List<Entry> oddData = new ArrayList<>();
    for (Seen s : seen) {
      if (verdict(s) == PhpScanner.Verdict.CLEAN && s.context.stream().noneMatch(ContextReason::strong)) {
        continue;
      }
      List<String> odd = new ArrayList<>();
      for (Entry sib : byFolder.getOrDefault(parent(s.entry.relative()), List.of())) {
        if (sib != s.entry && isOddData(sib)) {
          odd.add(sib.name() + (sib.size() == 0 ? " (empty)" : ""));
          if (!oddData.contains(sib)) {
            oddData.add(sib);
          }
        }
      }
      if (!odd.isEmpty()) {
        s.context.add(ContextReason.oddDataBeside(String.join(", ", odd)));
      }
    }

    int budget = settings.maxFindingsPerDocroot();
    for (Seen s : seen) {
      Finding f = fileFinding(docroot, s);
      if (f != null) {
        if (budget-- <= 0) {
          gaps.add(new Gap("filescan", docroot.path(), Text.of("more findings than filescan.max-findings-per-docroot; the rest are not listed",
              "検出数が filescan.max-findings-per-docroot を超えたため残りは省略しました")));
          break;
        }
        findings.add(f);
      }
    }
    for (Entry e : oddData) {
      findings.add(Finding.builder(FindingKind.SUSPICIOUS_FILE, serverPath(docroot, e)).server(server).severity(Severity.LOW)
          .summary(Text.of("%s: an %s data file dropped beside flagged PHP", "%s: 不審な PHP の横に置かれた%sデータファイル",
              Printable.of(serverPath(docroot, e)), e.size() == 0 ? "empty" : "odd"))
          .reason(Text.of("%s data file (%s) in the same folder as flagged PHP", "不審な PHP と同じフォルダの%sデータファイル (%s)",
              e.size() == 0 ? "an empty" : "an odd", e.name()))
          .evidence("path", serverPath(docroot, e)).evidence("domain", docroot.domain()).evidence("docroot", docroot.path())
          .evidence("docroot-path", e.relative()).evidence("size", e.size()).evidence("uid", e.uid())
          .evidence("modified", e.modified().toString()).source("filescan").build());
    }
    for (Entry d : dirs) {
      if ((d.mode() & 0002) != 0 && (d.mode() & 01000) == 0) {
        int restore = d.mode() & ~0022 & 07777;
        String sp = serverPath(docroot, d);
        findings.add(Finding.builder(FindingKind.TAMPERED_PERMISSIONS, sp).server(server).severity(Severity.MEDIUM)
            .summary(Text.of("%s is writable by everyone (mode %04o)", "%s は誰でも書き込めます (権限 %04o)", Printable.of(sp), d.mode()))
            .reason(Text.of("folder mode %04o lets every user of the server (and the web server) write into the site; restore %04o",
                "フォルダの権限 %04o ではサーバの全ユーザ (と Web サーバ) がサイトに書き込めます。%04o に戻します", d.mode(), restore))
            .evidence("path", sp).evidence("domain", docroot.domain()).evidence("docroot", docroot.path())
            .evidence("docroot-path", d.relative()).evidence("mode", String.format("%04o", d.mode()))
            .evidence("restore-mode", String.format("%04o", restore)).evidence("uid", d.uid())
            .evidence("modified", d.modified().toString()).source("filescan").build());
      }
    }
    for (Entry l : links) {
      root.readLink(l.local()).ifPresent(target -> {
        String abs = target.startsWith("/") ? target : parentServer(serverPath(docroot, l)) + "/" + target;
        String norm = Path.of(abs).normalize().toString();
        if (!docroot.contains(norm) && (norm.startsWith("/home/") || norm.startsWith("/var/www/") || norm.startsWith("/etc/")
            || norm.equals("/"))) {
          String sp = serverPath(docroot, l);
          findings.add(Finding.builder(FindingKind.SUSPICIOUS_FILE, sp).server(server).severity(Severity.MEDIUM)
              .summary(Text.of("%s links outside the site", "%s はサイト外へのリンクです", Printable.of(sp)))
              .reason(ContextReason.symlinkOut(Printable.of(target)).text())
              .evidence("path", sp).evidence("domain", docroot.domain()).evidence("docroot", docroot.path())
              .evidence("docroot-path", l.relative()).evidence("link-target", target).source("filescan").build());
        }
      });
    }
    if (htmlOnly) {
      List<String> phpFiles = seen.stream().map(s -> s.entry.relative()).limit(50).toList();
      findings.add(Finding.builder(FindingKind.PHP_IN_HTML_ONLY_SITE, docroot.path()).server(server).severity(Severity.MEDIUM)
          .summary(Text.of("%s (%s) holds only html of its own, and %d PHP files appeared in it",
              "%s (%s) は HTML のみのサイトですが、PHP ファイルが %d 個置かれています", Printable.of(docroot.domain()), Printable.of(docroot.path()), seen.size()))
          .reason(Text.of("every PHP file is newer than all of the site's html: PHP can be turned off for this site",
              "すべての PHP がサイトの HTML より新しいため、このサイトでは PHP を無効にできます"))
          .evidence("path", docroot.path()).evidence("domain", docroot.domain()).evidence("docroot", docroot.path())
          .evidence("php-files", phpFiles).evidence("source", docroot.source()).source("filescan").build());
    }
    return new Result(findings, gaps, files.size(), scanned, bytes);
  }

  /** Extensions shells hide behind (run through include() or an .htaccess handler); documentation is not among them. */
  private static final Set<String> DISGUISES = Set.of("", "ico", "jpg", "jpeg", "png", "gif", "bmp", "webp", "suspected");

  /**
   * The file's verdict. Code in documentation (a README.md with a PHP example) is at most
   * suspicious: PHP only runs from it if something includes it.
   */
  /** One file read and scanned. */
  private static final class Read {
    String serverPath;
    PhpScanner.ScanResult result;
    boolean disguised;
    String sha256;
    long length;
    Gap truncatedGap;
    java.util.BitSet mentions;
    /** How many look-alike names the walk had found when this file was searched for them. */
    int lookNamesKnown;
  }

  /** The look-alike names found so far, in the order found; the walk adds, the scanning threads read. */
  private static final class Lookalikes {
    private final List<String> names = new ArrayList<>();
    private volatile Snapshot now = new Snapshot(0, null);

    record Snapshot(int known, LiteralIndex index) {}

    /** Called by the walk only. */
    synchronized void add(String name) {
      names.add(name);
      now = new Snapshot(names.size(), LiteralIndex.of(names));
    }

    Snapshot snapshot() {
      return now;
    }

    synchronized List<String> names() {
      return List.copyOf(names);
    }
  }

  /**
   * Reads and scans the walked files on {@code threads} threads, each with its own read buffer,
   * while the walk goes on; with one thread, on the caller's thread after the walk.
   */
  private final class Scanning {
    private static final Entry DONE = new Entry(Path.of("/"), "", Kind.OTHER, 0, 0, 0, 0, Instant.EPOCH, 0);
    private final Docroot docroot;
    private final Lookalikes look;
    private final java.util.concurrent.BlockingQueue<Object[]> queue = new java.util.concurrent.ArrayBlockingQueue<>(2048);
    private final List<Thread> workers = new ArrayList<>();
    private final List<Object[]> done = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Object[]> serial = new ArrayList<>();
    private volatile Throwable failure;

    Scanning(Docroot docroot, Lookalikes look) {
      this.docroot = docroot;
      this.look = look;
      for (int t = 0; threads > 1 && t < threads; t++) {
        Thread w = new Thread(this::work, "filescan-" + (t + 1));
        w.setDaemon(true);
        workers.add(w);
        w.start();
      }
    }

    void add(int index, Entry e) {
      if (workers.isEmpty()) {
        serial.add(new Object[] {index, e});
        return;
      }
      try {
        queue.put(new Object[] {index, e});
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scanning " + docroot.path(), ie);
      }
    }

    private void work() {
      ReadBuffer buffer = new ReadBuffer();
      List<Object[]> mine = new ArrayList<>();
      try {
        while (true) {
          Object[] job = queue.take();
          if (job[1] == DONE) {
            break;
          }
          if (failure == null) {
            try {
              mine.add(new Object[] {job[0], read(docroot, (Entry) job[1], look, buffer)});
            } catch (RuntimeException | Error t) {
              failure = t; // keep taking jobs so the walk never blocks on a full queue
            }
          }
        }
      } catch (InterruptedException ie) {
        failure = ie;
      }
      done.addAll(mine);
    }

    /** Every file's outcome by its index, once all are scanned. */
    Object[] finish(int count) {
      Object[] outcomes = new Object[count];
      if (workers.isEmpty()) {
        ReadBuffer buffer = new ReadBuffer();
        for (Object[] job : serial) {
          outcomes[(Integer) job[0]] = read(docroot, (Entry) job[1], look, buffer);
        }
        return outcomes;
      }
      try {
        for (int t = 0; t < workers.size(); t++) {
          queue.put(new Object[] {-1, DONE});
        }
        for (Thread w : workers) {
          w.join();
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while scanning " + docroot.path(), ie);
      }
      if (failure instanceof RuntimeException re) {
        throw re;
      } else if (failure instanceof Error er) {
        throw er;
      } else if (failure != null) {
        throw new IllegalStateException(failure);
      }
      for (Object[] d : done) {
        outcomes[(Integer) d[0]] = d[1];
      }
      return outcomes;
    }
  }

  /** Reads and scans one file: a {@link Read}, a {@link Gap}, or null when it holds no PHP. */
  private Object read(Docroot docroot, Entry e, Lookalikes look, ReadBuffer buffer) {
    String ext = extension(e.name());
    boolean phpName = phpName(e);
    if (!phpName && e.size() > settings.otherFilesMaxBytes()) {
      return null;
    }
    String sp = serverPath(docroot, e);
    FileRead r = root.read(e.local(), phpName ? settings.maxFileBytes() : settings.otherFilesMaxBytes(), buffer);
    if (r instanceof FileRead.Unreadable u) {
      return new Gap("filescan", sp, Text.of("unreadable: %s", "読み取れません: %s", u.reason()));
    }
    if (r instanceof FileRead.Missing) {
      return new Gap("filescan", sp, Text.of("vanished during the scan", "検査中に消えました"));
    }
    if (!(r instanceof FileRead.Buffered c)) {
      return null; // replaced by a FIFO or a link since the walk: never opened
    }
    byte[] bytes = c.bytes();
    int length = c.length();
    if (!phpName && !containsPhpTag(new String(bytes, 0, length, StandardCharsets.ISO_8859_1))) {
      return null;
    }
    Read out = new Read();
    out.serverPath = sp;
    out.length = length;
    if (c.truncated()) {
      out.truncatedGap = new Gap("filescan", sp, Text.of("only the first %d bytes of %d were scanned (filescan.max-file-bytes)",
          "先頭 %d バイトのみ検査しました (全 %d バイト、filescan.max-file-bytes)", length, c.size()));
    }
    Lookalikes.Snapshot names = look.snapshot();
    out.lookNamesKnown = names.known();
    if (names.index() != null) {
      out.mentions = names.index().find(bytes, length);
    }
    out.result = scanner.scan(bytes, length, c.size());
    out.disguised = phpName || DISGUISES.contains(ext);
    if (!out.result.hits().isEmpty()) {
      out.sha256 = sha256(bytes, length);
    }
    return out;
  }

  private boolean phpName(Entry e) {
    return phpExtensions.contains(extension(e.name())) || e.name().toLowerCase(Locale.ROOT).contains(".php");
  }

  private static PhpScanner.Verdict verdict(Seen s) {
    PhpScanner.Verdict v = s.result == null ? PhpScanner.Verdict.CLEAN : s.result.verdict();
    return v == PhpScanner.Verdict.MALICIOUS && !s.disguised ? PhpScanner.Verdict.SUSPICIOUS : v;
  }

  private Finding fileFinding(Docroot docroot, Seen s) {
    PhpScanner.Verdict v = verdict(s);
    boolean strongContext = s.context.stream().anyMatch(ContextReason::strong);
    FindingKind kind;
    if (v == PhpScanner.Verdict.MALICIOUS || v == PhpScanner.Verdict.SUSPICIOUS && strongContext) {
      kind = FindingKind.MALICIOUS_FILE;
    } else if (v == PhpScanner.Verdict.SUSPICIOUS || !s.context.isEmpty()) {
      kind = FindingKind.SUSPICIOUS_FILE;
    } else {
      return null;
    }
    if (kind == FindingKind.SUSPICIOUS_FILE && v == PhpScanner.Verdict.CLEAN && s.context.size() == 1
        && s.context.get(0).id().equals("config-lookalike") && !s.context.get(0).strong()) {
      return null; // a db.php that the site does include is the site's own
    }
    Severity sev = kind == FindingKind.MALICIOUS_FILE ? Severity.HIGH : Severity.MEDIUM;
    List<Text> reasons = new ArrayList<>();
    List<String> ruleIds = new ArrayList<>();
    List<PhpScanner.Hit> hits = s.result == null ? List.of() : s.result.hits();
    boolean mailer = false;
    for (PhpScanner.Hit h : hits) {
      ruleIds.add(h.rule().id());
      mailer |= h.rule().family().equals("mailer") && h.rule().level() == Rule.Level.MALICIOUS;
      reasons.add(Text.of("%s rule %s: %s%s", "%s ルール %s に一致: %s%s",
          h.rule().level() == Rule.Level.MALICIOUS ? "matches" : "resembles", h.rule().id(), h.rule().title(),
          h.layer().startsWith("decoded") ? " (in code decoded from " + h.layer().substring(9) + ")" : ""));
      if (h.rule().severity().compareTo(sev) > 0 && kind == FindingKind.MALICIOUS_FILE) {
        sev = h.rule().severity();
      }
    }
    if (v == PhpScanner.Verdict.SUSPICIOUS && strongContext) {
      reasons.add(Text.of("suspicious code in a place where the site keeps no code of its own", "サイト自身のコードがない場所にある不審なコード"));
    }
    for (ContextReason c : s.context) {
      reasons.add(c.text());
    }
    String what = mailer ? "mass mailer" : kind == FindingKind.MALICIOUS_FILE ? "web shell or dropper" : "file to review";
    String whatJa = mailer ? "大量メール送信スクリプト" : kind == FindingKind.MALICIOUS_FILE ? "Web シェルまたはドロッパー" : "要確認のファイル";
    Finding.Builder b = Finding.builder(kind, s.serverPath).server(server).severity(sev)
        .summary(new Text(Printable.of(s.serverPath) + ": " + what, Printable.of(s.serverPath) + ": " + whatJa))
        .reasons(reasons)
        .evidence("path", s.serverPath)
        .evidence("domain", docroot.domain())
        .evidence("docroot", docroot.path())
        .evidence("docroot-path", s.entry.relative())
        .evidence("rules", ruleIds);
    if (!hits.isEmpty()) {
      PhpScanner.Hit first = hits.stream().filter(h -> h.rule().level() == Rule.Level.MALICIOUS).findFirst().orElse(hits.get(0));
      b.evidence("snippet", first.snippet()).evidence("snippet-layer", first.layer());
      if (!s.result.notes().isEmpty()) {
        b.evidence("deobfuscation", s.result.notes());
      }
    }
    b.evidence("context", s.context.stream().map(ContextReason::id).toList())
        .evidence("sha256", s.sha256)
        .evidence("size", s.entry.size())
        .evidence("uid", s.entry.uid())
        .evidence("user", webUsers.getOrDefault(s.entry.uid(), s.entry.uid() == docroot.ownerUid() ? docroot.owner() : null))
        .evidence("mode", String.format("%04o", s.entry.mode()))
        .evidence("modified", s.entry.modified().toString())
        .evidence("ftp-accounts", docroot.ftpAccounts().isEmpty() ? null : docroot.ftpAccounts())
        .source("filescan");
    return b.build();
  }

  /** A site is html only when it has html, no index.php, few PHP files, and every PHP file is newer than all its html. */
  private static boolean htmlOnlySite(List<Entry> files, List<Seen> php) {
    Instant newestHtml = null;
    boolean indexPhp = false;
    for (Entry e : files) {
      String n = e.name().toLowerCase(Locale.ROOT);
      if (n.endsWith(".html") || n.endsWith(".htm")) {
        if (newestHtml == null || e.modified().isAfter(newestHtml)) {
          newestHtml = e.modified();
        }
      }
      if (n.equals("index.php") && e.depth() == 1) {
        indexPhp = true;
      }
    }
    if (newestHtml == null || indexPhp || php.isEmpty() || php.size() > 10) {
      return false;
    }
    for (Seen s : php) {
      if (!s.entry.modified().isAfter(newestHtml)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isOddData(Entry e) {
    if (e.kind() != Kind.FILE) {
      return false;
    }
    String n = e.name().toLowerCase(Locale.ROOT);
    return e.size() == 0 && !n.equals("index.html") && !n.equals(".htaccess") && !n.startsWith(".")
        || n.endsWith(".bin") || n.endsWith(".dat") && e.size() < 4096;
  }

  /** The asset folder (images/, css/...) within the first two levels holding the file, or null. */
  private String staticFolder(String[] parts) {
    for (int i = 0; i < Math.min(2, parts.length - 1); i++) {
      if (staticFolders.contains(parts[i])) {
        return String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
      }
    }
    return null;
  }

  /** A configuration name no real configuration file has: a digit for a letter, a letter swapped. */
  private static boolean misspelt(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("c0nf") || n.contains("conf1") || n.contains("confl") || n.contains("cnfg") || n.contains("confgi")
        || n.contains("confiq") || n.contains("c0nfig");
  }

  private static boolean hiddenFolder(String[] parts) {
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].startsWith(".") && !parts[i].equals(".well-known")) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsPhpTag(String text) {
    int i = text.indexOf("<?");
    while (i >= 0) {
      if (text.regionMatches(true, i + 2, "php", 0, 3) || text.startsWith("=", i + 2)) {
        return true;
      }
      i = text.indexOf("<?", i + 2);
    }
    return false;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String parent(String rel) {
    int i = rel.lastIndexOf('/');
    return i < 0 ? "" : rel.substring(0, i);
  }

  private static String parentServer(String sp) {
    int i = sp.lastIndexOf('/');
    return i <= 0 ? "" : sp.substring(0, i);
  }

  private static String serverPath(Docroot d, Entry e) {
    return d.path().equals("/") ? "/" + e.relative() : d.path() + "/" + e.relative();
  }

  private static String display(Docroot d, Path local, Path start) {
    String rel = start.relativize(local).toString();
    return rel.isEmpty() ? d.path() : d.path() + "/" + rel;
  }

  private static String sha256(byte[] b, int length) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(b, 0, length);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
