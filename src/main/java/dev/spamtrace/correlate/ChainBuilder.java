package dev.spamtrace.correlate;

import dev.spamtrace.correlate.Incident.Confidence;
import dev.spamtrace.correlate.Incident.NodeKind;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.logs.detect.ServerAccounts;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSnapshots;
import dev.spamtrace.mailqueue.QueuedMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Links the findings of one root into a {@link ChainGraph}, in the order the field guide traces
 * the chain: queued messages → the originating script (X-PHP-Originating-Script uid:name, PHP's
 * mail.log path, Exim's {@code cwd=}) → the file on disk → the POSTs to it → the FTP upload that
 * placed it (path, and time against the file's mtime) → the account and the address → everything
 * else that account and address did → the files they placed. Processes, cron entries and payloads
 * come linked by the host inspector; they are joined here, and to the web side when a web shell
 * the attacker requested is the likely way a payload of the web user got there.
 */
final class ChainBuilder {
  /** Under a surge, scripts traced whatever their count (the rest need correlate.min-script-messages). */
  static final int TOP_SCRIPTS = 10;

  private final HostRoot root;
  private final CorrelateSettings settings;
  private final List<Finding> findings;
  private final QueueSnapshots queues;
  private final LogIndex logs;
  private final Docroots docroots;
  private final ServerAccounts accounts;
  private final Set<String> webUsers;
  final ChainGraph graph;
  /** Server paths of files other inspectors flagged, with the finding. */
  private final Map<String, Finding> flagged = new LinkedHashMap<>();
  /** Addresses tied to a compromise: attacker-address subjects and the compromised accounts' addresses. */
  private final Set<String> attackerAddresses = new LinkedHashSet<>();
  /** Compromised account → the addresses that misused it. */
  private final Map<String, Set<String>> compromised = new TreeMap<>();
  /** Files the attacker placed that no finding names yet (the uploaded-file check takes them). */
  final Map<String, List<LogEvent>> unflaggedUploads = new LinkedHashMap<>();
  private final Map<String, Optional<Instant>> mtimes = new LinkedHashMap<>();
  /** The log sources by path: asked once per request otherwise. */
  private final Map<String, Optional<LogIndex.Source>> sources = new java.util.HashMap<>();

  ChainBuilder(HostRoot root, CorrelateSettings settings, List<Finding> findings, QueueSnapshots queues, LogIndex logs, Docroots docroots,
      Collection<String> webUsers) {
    this.root = root;
    this.settings = settings;
    this.findings = findings;
    this.queues = queues;
    this.logs = logs;
    this.docroots = docroots;
    this.accounts = ServerAccounts.read(root);
    this.webUsers = Set.copyOf(webUsers);
    this.graph = new ChainGraph(root.label());
  }

  ChainGraph build() {
    placeFindings();
    queueToScripts();
    mailLogScripts();
    eximFolders();
    filesToPosts();
    filesToUploads();
    accountsAndAddresses();
    hostChain();
    webToHost();
    damage();
    return graph;
  }

  // ---- nodes for findings -------------------------------------------------------------------

  static String fileNode(String path) {
    return "file:" + path;
  }

  static String accountNode(String user) {
    return "ftp:" + user;
  }

  static String addressNode(String a) {
    return "address:" + a;
  }

  private void placeFindings() {
    for (Finding f : findings) {
      String path = f.evidence().get("path") instanceof String p ? p : f.subject();
      switch (f.kind()) {
        case MAIL_QUEUE_SURGE -> graph.finding("queue:" + f.subject(), NodeKind.QUEUE, f.subject(), f);
        case MALICIOUS_FILE, SUSPICIOUS_FILE -> {
          boolean payload = "host".equals(f.source());
          graph.finding(fileNode(path), payload ? NodeKind.PAYLOAD : NodeKind.FILE, path, f);
          if (!payload) {
            flagged.putIfAbsent(path, f);
          }
        }
        case TMP_PAYLOAD -> graph.finding(fileNode(path), NodeKind.PAYLOAD, path, f);
        case POST_BURST -> graph.finding("posts:" + f.subject(), NodeKind.POSTS, f.subject(), f);
        case FTP_ACCOUNT_COMPROMISE -> {
          String user = f.subject().substring(f.subject().indexOf(':') + 1);
          graph.finding(accountNode(user), NodeKind.ACCOUNT, user, f);
          Set<String> as = compromised.computeIfAbsent(user, k -> new LinkedHashSet<>());
          if (f.evidence().get("addresses") instanceof List<?> l) {
            l.forEach(a -> as.add(String.valueOf(a)));
          }
          attackerAddresses.addAll(as);
        }
        case ATTACKER_ADDRESS -> {
          graph.finding(addressNode(f.subject()), NodeKind.ADDRESS, f.subject(), f);
          attackerAddresses.add(f.subject());
        }
        case MAILBOX_COMPROMISE -> graph.finding(f.subject(), NodeKind.MAILBOX, f.subject(), f);
        case SUSPICIOUS_PROCESS -> graph.finding(f.subject(), NodeKind.PROCESS, label(f), f);
        case CRON_PERSISTENCE -> graph.finding(f.subject(), NodeKind.CRON, f.evidence().getOrDefault("text", f.subject()).toString(), f);
        case TAMPERED_PERMISSIONS -> graph.finding("folder:" + f.subject(), NodeKind.FOLDER, f.subject(), f);
        case PHP_IN_HTML_ONLY_SITE -> graph.finding("site:" + f.subject(), NodeKind.SITE, f.subject(), f);
        case BLOCKLIST_LISTING -> graph.finding("listing:" + f.subject(), NodeKind.LISTING, f.subject(), f);
        default -> { }
      }
    }
  }

  /** A process's facts as evidence (the same in every language). */
  private static List<String> processFacts(Finding f) {
    List<String> out = new ArrayList<>();
    out.add("exe " + f.evidence().get("exe") + ", cwd " + f.evidence().get("cwd") + ", user " + f.evidence().get("user"));
    if (f.evidence().get("sockets") instanceof List<?> l) {
      l.stream().limit(2).forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  private static String label(Finding f) {
    Object name = f.evidence().get("name");
    Object exe = f.evidence().get("exe");
    return f.subject() + (name == null ? "" : " " + name) + (exe == null ? "" : " (" + exe + ")");
  }

  private Finding finding(FindingKind kind, String subject) {
    for (Finding f : findings) {
      if (f.kind() == kind && f.subject().equals(subject)) {
        return f;
      }
    }
    return null;
  }

  private List<String> ids(Finding... fs) {
    List<String> out = new ArrayList<>();
    for (Finding f : fs) {
      if (f != null) {
        out.add(f.id());
      }
    }
    return out;
  }

  // ---- 1. queue → scripts → files -------------------------------------------------------------

  private void queueToScripts() {
    for (QueueSnapshot q : queues.queues()) {
      Map<String, List<QueuedMessage>> byScript = new LinkedHashMap<>();
      Map<String, List<QueuedMessage>> byAuth = new LinkedHashMap<>();
      for (QueuedMessage m : q.messages()) {
        if (m.script() != null && m.script().script() != null && !m.script().script().isBlank()) {
          byScript.computeIfAbsent(m.script().toString(), k -> new ArrayList<>()).add(m);
        }
        if (m.authUser() != null) {
          byAuth.computeIfAbsent(m.authUser(), k -> new ArrayList<>()).add(m);
        }
      }
      Finding surge = finding(FindingKind.MAIL_QUEUE_SURGE, q.label());
      String queue = "queue:" + q.label();
      List<Map.Entry<String, List<QueuedMessage>>> scripts = new ArrayList<>(byScript.entrySet());
      scripts.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
      int rank = 0;
      for (Map.Entry<String, List<QueuedMessage>> e : scripts) {
        List<QueuedMessage> ms = e.getValue();
        // Every script with enough messages; under a surge also the top few, however small.
        if (ms.size() < settings.minScriptMessages() && (surge == null || rank >= TOP_SCRIPTS)) {
          continue;
        }
        rank++;
        graph.node(queue, NodeKind.QUEUE, q.label());
        String header = "script:" + e.getKey();
        graph.node(header, NodeKind.SCRIPT_HEADER, "X-PHP-Originating-Script: " + e.getKey());
        Map<String, Integer> senders = new TreeMap<>();
        ms.forEach(m -> senders.merge(m.localUser() != null ? m.localUser() + " (uid " + m.localUid() + ")"
            : m.localUid() != null ? "uid " + m.localUid() : "-", 1, Integer::sum));
        List<String> ev = new ArrayList<>();
        for (QueuedMessage m : ms.subList(0, Math.min(3, ms.size()))) {
          ev.add(q.mta().id() + " " + m.id() + " (" + m.queue() + "): from=" + m.senderShown() + " to=<"
              + (m.recipients().isEmpty() ? "" : m.recipients().get(0).address()) + "> X-PHP-Originating-Script: " + e.getKey());
        }
        graph.edge(queue, header, "sent", Confidence.CERTAIN, Text.of("%d queued messages carry X-PHP-Originating-Script: %s (handed to the MTA by %s)",
            "キュー内の %d 通に X-PHP-Originating-Script: %s (MTA への投入者: %s)", ms.size(), e.getKey(), String.join(", ", senders.keySet())), ev);
        graph.step(Stage.QUEUE, Text.of("%d messages in the %s queue were sent by the PHP script %s (X-PHP-Originating-Script: %s)",
            "%2$s キューの %1$d 通は PHP スクリプト %3$s から送信された (X-PHP-Originating-Script: %4$s)", ms.size(), q.mta().id(),
            ms.get(0).script().script(), e.getKey()), ev, ids(surge), queue, header);
        linkHeaderToFiles(header, ms.get(0).script().ownerUid(), ms.get(0).script().script(), ms.size());
      }
      uidToFiles(q, surge, queue);
      for (Map.Entry<String, List<QueuedMessage>> e : byAuth.entrySet()) {
        String mailbox = "mailbox:" + e.getKey();
        Finding mf = finding(FindingKind.MAILBOX_COMPROMISE, mailbox);
        if (mf == null) {
          continue;
        }
        graph.node(queue, NodeKind.QUEUE, q.label());
        List<String> ev = e.getValue().stream().limit(3).map(m -> q.mta().id() + " " + m.id() + ": sasl_username=" + e.getKey()
            + " client=" + m.clientAddress()).toList();
        graph.edge(queue, mailbox, "sent-through", Confidence.CERTAIN, Text.of("%d queued messages were sent through SMTP AUTH as %s",
            "キュー内の %d 通は %s として SMTP 認証で送信された", e.getValue().size(), e.getKey()), ev);
        graph.step(Stage.QUEUE, Text.of("%d queued messages were sent through the cracked mailbox %s", "キュー内の %d 通は不正利用されたメールアカウント %s から送信された",
            e.getValue().size(), e.getKey()), ev, ids(surge, mf), queue, mailbox);
      }
    }
  }

  /**
   * Messages without the PHP header, handed to the MTA by a customer's uid (suEXEC, a per-site
   * PHP-FPM pool, CGI): the flagged or POSTed scripts in the sites that uid owns are the likely
   * senders (Postfix's "from userid N", Exim's spool owner, qmail's "invoked by uid N").
   */
  private void uidToFiles(QueueSnapshot q, Finding surge, String queue) {
    Map<Integer, List<QueuedMessage>> byUid = new TreeMap<>();
    for (QueuedMessage m : q.messages()) {
      if (m.script() == null && m.localUid() != null && m.localUid() > 0 && !webUsers.contains(m.localUser())) {
        byUid.computeIfAbsent(m.localUid(), k -> new ArrayList<>()).add(m);
      }
    }
    for (Map.Entry<Integer, List<QueuedMessage>> e : byUid.entrySet()) {
      List<QueuedMessage> ms = e.getValue();
      if (ms.size() < settings.minScriptMessages() && surge == null) {
        continue;
      }
      List<Docroot> owned = docroots.roots().stream().filter(d -> d.ownerUid() == e.getKey()).toList();
      Set<String> scripts = new LinkedHashSet<>();
      for (String p : fileNodes()) {
        if (owned.stream().anyMatch(d -> d.contains(p))) {
          scripts.add(p);
        }
      }
      for (String p : scripts) {
        graph.node(queue, NodeKind.QUEUE, q.label());
        String file = graph.node(fileNode(p), NodeKind.FILE, p);
        String user = ms.get(0).localUser() == null ? "uid " + e.getKey() : ms.get(0).localUser() + " (uid " + e.getKey() + ")";
        List<String> ev = new ArrayList<>();
        ms.stream().limit(3).forEach(m -> ev.add(q.mta().id() + " " + m.id() + " (" + m.queue() + "): from=" + m.senderShown() + " submitted by " + user));
        Text t = Text.of("%d queued messages without X-PHP-Originating-Script were handed to the MTA by %s, who owns the site of %s",
            "X-PHP-Originating-Script の無いキュー内の %d 通は %s が MTA に投入した。%s のサイトの所有者", ms.size(), user, p);
        graph.edge(queue, file, "submitted-by-owner", Confidence.LIKELY, t, ev);
        graph.step(Stage.QUEUE, t, ev, ids(surge, flagged.get(p)), queue, file);
      }
    }
  }

  /** Exim's {@code cwd=} lines (log_selector +arguments): the folder each submission came from, and the flagged scripts in it. */
  private void eximFolders() {
    Map<String, List<LogEvent>> byDir = new TreeMap<>();
    for (LogEvent e : logs.ofKind(EventKind.MAIL_COMMAND)) {
      if (e.field("cwd") != null) {
        byDir.computeIfAbsent(e.field("cwd").replaceAll("/+$", ""), k -> new ArrayList<>()).add(e);
      }
    }
    String queue = queues.queues().stream().filter(q -> q.mta() == dev.spamtrace.mailqueue.Mta.EXIM).map(q -> "queue:" + q.label()).findFirst()
        .orElse("queue:exim-mainlog");
    for (Map.Entry<String, List<LogEvent>> e : byDir.entrySet()) {
      for (String p : flagged.keySet()) {
        if (!p.substring(0, p.lastIndexOf('/')).equals(e.getKey()) || graph.linked(queue, fileNode(p))) {
          continue;
        }
        graph.node(queue, NodeKind.QUEUE, queue.substring(6));
        String file = graph.node(fileNode(p), NodeKind.FILE, p);
        List<String> ev = e.getValue().stream().limit(settings.evidenceLines()).map(LogEvent::evidence).toList();
        Text t = Text.of("Exim logged %d submissions from cwd=%s, the folder of %s", "Exim が cwd=%2$s からの投入を %1$d 件記録 (%3$s のフォルダ)",
            e.getValue().size(), e.getKey(), p);
        graph.edge(queue, file, "submitted-from-folder", Confidence.LIKELY, t, ev);
        graph.step(Stage.SCRIPTS, e.getValue().get(0).time(), t, ev, ids(flagged.get(p)), queue, file);
      }
    }
  }

  /** Every server path a script name could be, by base name, with what named each: built once. */
  private Map<String, Map<String, List<String>>> candidateIndex;

  /** Candidate server paths for a script name (a base name, or a path when PHP wrote one), with what named each. */
  private Map<String, List<String>> candidates(String scriptName) {
    if (candidateIndex == null) {
      candidateIndex = new java.util.HashMap<>();
      flagged.forEach((p, f) -> candidate(p, f.source() + ": " + f.id()));
      for (Finding f : findings) {
        if (f.kind() == FindingKind.POST_BURST && f.evidence().get("path") instanceof String p) {
          candidate(p, f.source() + ": " + f.id());
        }
      }
      for (LogEvent e : logs.ofKind(EventKind.FTP_UPLOAD)) {
        candidate(accounts.serverPath(e.user(), e.path()), e.evidence());
      }
      for (LogEvent e : logs.ofKind(EventKind.PHP_MAIL)) {
        candidate(e.field("script"), e.evidence());
      }
    }
    boolean full = scriptName.startsWith("/");
    Map<String, List<String>> out = new LinkedHashMap<>();
    candidateIndex.getOrDefault(baseName(scriptName), Map.of()).forEach((path, whys) -> {
      if (!full || path.equals(scriptName)) {
        out.put(path, new ArrayList<>(whys));
      }
    });
    if (!full) {
      for (LogEvent e : logs.ofKind(EventKind.MAIL_COMMAND)) {
        String cwd = e.field("cwd");
        if (cwd != null) {
          out.computeIfAbsent(cwd.replaceAll("/+$", "") + "/" + scriptName, k -> new ArrayList<>()).add(e.evidence());
        }
      }
    }
    return out;
  }

  /** PHP's mail.log or Exim's cwd= line names this very path (not just a file of the same name). */
  private boolean namedByLogs(List<String> whys, String path) {
    String dir = path.substring(0, path.lastIndexOf('/'));
    return whys.stream().anyMatch(w -> w.contains("mail() on [" + path + ":") || w.contains(" cwd=" + dir + " "));
  }

  private void candidate(String path, String why) {
    if (path == null) {
      return;
    }
    List<String> whys = candidateIndex.computeIfAbsent(baseName(path), k -> new LinkedHashMap<>()).computeIfAbsent(path, k -> new ArrayList<>());
    if (whys.size() < settings.evidenceLines()) {
      whys.add(why);
    }
  }

  private void linkHeaderToFiles(String header, Integer ownerUid, String scriptName, int messages) {
    Map<String, List<String>> cands = candidates(scriptName);
    for (Map.Entry<String, List<String>> c : cands.entrySet()) {
      String path = c.getKey();
      Integer uid = ownerUid(path);
      boolean uidMatches = ownerUid != null && ownerUid.equals(uid);
      if (ownerUid != null && uid != null && !uidMatches) {
        continue; // same name, another owner: not this script
      }
      boolean named = namedByLogs(c.getValue(), path);
      Confidence conf = named ? Confidence.CERTAIN : uidMatches ? Confidence.STRONG : Confidence.LIKELY;
      String file = graph.node(fileNode(path), NodeKind.FILE, path);
      List<String> ev = new ArrayList<>(c.getValue());
      Text why;
      if (uidMatches) {
        why = Text.of("%s is named %s and owned by uid %d, as the header says", "%s はヘッダーの通り名前が %s で所有者は uid %d", path, baseName(path), uid);
      } else if (uid == null) {
        why = Text.of("%s is named %s (its owner cannot be read: not on disk?)", "%s の名前は %s (所有者を読めません: ディスク上に無い?)", path, baseName(path));
      } else {
        why = Text.of("%s is named %s (the header carries no uid)", "%s の名前は %s (ヘッダーに uid なし)", path, baseName(path));
      }
      ev.add(0, "stat " + path + ": " + (uid == null ? "not on disk" : "uid " + uid));
      graph.edge(header, file, "is-file", conf, why, ev);
      Finding f = flagged.get(path);
      graph.step(Stage.SCRIPTS, new Text(String.format("the script is %s (%s link)%s", path, conf.label(Lang.EN),
          f == null ? "" : "; " + f.kind().label(Lang.EN) + ": " + shortSummary(f.summary().en(), path)),
          String.format("スクリプトは %s (関連: %s)%s", path, conf.label(Lang.JA),
              f == null ? "" : "。" + f.kind().label(Lang.JA) + ": " + shortSummary(f.summary().ja(), path))),
          ev.subList(0, Math.min(3, ev.size())), ids(f), header, file);
    }
  }

  private void mailLogScripts() {
    Map<String, List<LogEvent>> byScript = new TreeMap<>();
    for (LogEvent e : logs.ofKind(EventKind.PHP_MAIL)) {
      if (e.field("script") != null) {
        byScript.computeIfAbsent(e.field("script"), k -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<String, List<LogEvent>> e : byScript.entrySet()) {
      String file = graph.node(fileNode(e.getKey()), NodeKind.FILE, e.getKey());
      List<String> ev = e.getValue().stream().limit(settings.evidenceLines()).map(LogEvent::evidence).toList();
      graph.step(Stage.SCRIPTS, Text.of("PHP's mail.log records %d mail() calls from %s", "PHP の mail.log に %2$s からの mail() 呼び出し %1$d 件",
          e.getValue().size(), e.getKey()), ev, ids(flagged.get(e.getKey())), file);
    }
  }

  // ---- 2. files ← POSTs ---------------------------------------------------------------------

  /** The server path a web request named, when its log belongs to a known site. */
  private String requestPath(LogEvent e) {
    LogIndex.Source src = sources.computeIfAbsent(e.source(), k -> Optional.ofNullable(logs.source(k))).orElse(null);
    if (src == null || src.docroot() == null || e.path() == null) {
      return null;
    }
    return src.docroot() + e.path().replaceAll("/{2,}", "/");
  }

  private void filesToPosts() {
    Map<String, List<LogEvent>> posts = new LinkedHashMap<>();
    for (LogEvent e : logs.webPosts()) {
      String p = requestPath(e);
      if (p != null) {
        posts.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
      }
    }
    for (Finding f : findings) {
      if (f.kind() == FindingKind.POST_BURST && f.evidence().get("path") instanceof String p) {
        String file = graph.node(fileNode(p), NodeKind.FILE, p);
        String node = "posts:" + f.subject();
        List<String> lines = evidenceLines(f, settings.evidenceLines(), "\"POST ");
        Text t = Text.of("%s POSTs to %s from %s client(s): %s", "%2$s への POST %1$s 回 (クライアント %3$s 件): %4$s", f.evidence().get("posts"), p,
            f.evidence().get("clients"), clients(f.evidence().get("top-clients")));
        graph.edge(node, file, "posted-to", Confidence.CERTAIN, t, lines);
        graph.step(Stage.POSTS, Text.of("%s POSTs to %s from %s client(s) (%s), %s – %s", "%2$s への POST %1$s 回、クライアント %3$s 件 (%4$s)、%5$s – %6$s",
            f.evidence().get("posts"), p, f.evidence().get("clients"), clients(f.evidence().get("top-clients")), f.evidence().get("first"),
            f.evidence().get("last")), lines, ids(f), node, file);
        posts.remove(p);
      }
    }
    // POSTs below the burst threshold still say who drove a flagged script.
    for (Map.Entry<String, List<LogEvent>> e : posts.entrySet()) {
      if (!graph.has(fileNode(e.getKey()))) {
        continue;
      }
      Map<String, Integer> clients = new LinkedHashMap<>();
      e.getValue().forEach(x -> clients.merge(LogIndex.normalAddress(x.address()), 1, Integer::sum));
      String node = graph.node("posts:" + e.getKey(), NodeKind.POSTS, e.getKey());
      List<String> lines = e.getValue().stream().limit(settings.evidenceLines()).map(LogEvent::evidence).toList();
      graph.edge(node, fileNode(e.getKey()), "posted-to", Confidence.CERTAIN, Text.of("%d POSTs to %s from %s", "%2$s への POST %1$d 回 (%3$s)",
          e.getValue().size(), e.getKey(), clients(clients)), lines);
      graph.step(Stage.POSTS, Text.of("%d POSTs to %s from %s", "%2$s への POST %1$d 回 (%3$s)", e.getValue().size(), e.getKey(), clients(clients)),
          lines, ids(flagged.get(e.getKey())), node);
    }
  }

  private static String clients(Object top) {
    if (top instanceof Map<?, ?> m) {
      List<String> out = new ArrayList<>();
      m.forEach((k, v) -> out.add(k + " ×" + v));
      return String.join(", ", out.subList(0, Math.min(8, out.size()))) + (out.size() > 8 ? ", …" : "");
    }
    return "";
  }

  /** A file finding's summary without the path it starts with. */
  static String shortSummary(String summary, String path) {
    return summary.startsWith(path + ": ") ? summary.substring(path.length() + 2) : summary;
  }

  /** The finding's quoted log lines holding {@code marker} (e.g. the POSTs among a burst's lines). */
  static List<String> evidenceLines(Finding f, int max, String marker) {
    List<String> out = new ArrayList<>();
    if (f.evidence().get("lines") instanceof List<?> l) {
      for (Object o : l) {
        if (out.size() >= max) {
          break;
        }
        if (String.valueOf(o).contains(marker)) {
          out.add(String.valueOf(o));
        }
      }
    }
    return out;
  }

  static List<String> evidenceLines(Finding f, int max) {
    List<String> out = new ArrayList<>();
    if (f.evidence().get("lines") instanceof List<?> l) {
      for (Object o : l) {
        if (out.size() >= max) {
          break;
        }
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  // ---- 3. files ← FTP uploads; the account and the address ------------------------------------

  private Map<String, List<LogEvent>> uploadsByPath() {
    Map<String, List<LogEvent>> out = new LinkedHashMap<>();
    for (LogEvent e : logs.ofKind(EventKind.FTP_UPLOAD)) {
      String p = accounts.serverPath(e.user(), e.path());
      if (p != null) {
        out.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  private void filesToUploads() {
    Map<String, List<LogEvent>> uploads = uploadsByPath();
    for (String path : new ArrayList<>(fileNodes())) {
      List<LogEvent> ups = uploads.get(path);
      if (ups != null) {
        upload(path, ups);
      }
    }
  }

  private List<String> fileNodes() {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      if ((f.kind() == FindingKind.MALICIOUS_FILE || f.kind() == FindingKind.SUSPICIOUS_FILE) && !"host".equals(f.source())
          && f.evidence().get("path") instanceof String p && !out.contains(p)) {
        out.add(p);
      }
    }
    for (Finding f : findings) {
      if (f.kind() == FindingKind.POST_BURST && f.evidence().get("path") instanceof String p && !out.contains(p)) {
        out.add(p);
      }
    }
    for (LogEvent e : logs.ofKind(EventKind.PHP_MAIL)) {
      if (e.field("script") != null && !out.contains(e.field("script"))) {
        out.add(e.field("script"));
      }
    }
    return out;
  }

  /** Links a file to the upload that placed it: the last upload at or before its mtime (within the tolerance). */
  private void upload(String path, List<LogEvent> ups) {
    Optional<Instant> mtime = mtime(path);
    LogEvent best = null;
    for (LogEvent u : ups) {
      if (u.time() == null) {
        continue;
      }
      if (mtime.isEmpty() || !u.time().isAfter(mtime.get().plus(tolerance()))) {
        best = u; // events are in time order: the last one before the mtime placed what is there now
      }
    }
    if (best == null) {
      best = ups.get(ups.size() - 1);
    }
    if (best.user() == null) {
      return; // a transfer log without the account: nothing to link it to
    }
    String file = graph.node(fileNode(path), NodeKind.FILE, path);
    String account = graph.node(accountNode(best.user()), NodeKind.ACCOUNT, String.valueOf(best.user()));
    String address = LogIndex.normalAddress(best.address());
    Confidence conf;
    Text t;
    if (mtime.isEmpty()) {
      conf = Confidence.LIKELY;
      t = Text.of("%s uploaded %s over FTP from %s at %s; the file is no longer on disk",
          "%1$s が %3$s から %4$s に %2$s を FTP でアップロード (ファイルは既にディスク上に無い)", best.user(), path, address, time(best.time()));
    } else if (Duration.between(best.time(), mtime.get()).abs().compareTo(tolerance()) <= 0) {
      conf = Confidence.CERTAIN;
      t = Text.of("%s uploaded %s over FTP from %s at %s; the file's mtime %s matches", "%1$s が %3$s から %4$s に %2$s を FTP でアップロード (mtime %5$s と一致)",
          best.user(), path, address, time(best.time()), time(mtime.get()));
    } else {
      conf = Confidence.LIKELY;
      t = Text.of("%s uploaded %s over FTP from %s at %s; the file was changed since (mtime %s)",
          "%1$s が %3$s から %4$s に %2$s を FTP でアップロード (その後 %5$s に変更)", best.user(), path, address, time(best.time()), time(mtime.get()));
    }
    List<String> ev = new ArrayList<>();
    ev.add(best.evidence());
    graph.edge(account, file, "uploaded", conf, t, ev);
    Finding acc = finding(FindingKind.FTP_ACCOUNT_COMPROMISE, accountNode(best.user()));
    graph.step(Stage.UPLOAD, best.time(), t, ev, ids(acc, flagged.get(path)), account, file);
    if (address != null) {
      loginOf(best.user(), address);
    }
  }

  private final Set<String> loginsDone = new LinkedHashSet<>();

  /** The address → account link: the logins (and failed tries) from that address before the upload. */
  private void loginOf(String user, String address) {
    if (user == null || !loginsDone.add(user + "\0" + address)) {
      return;
    }
    String account = graph.node(accountNode(user), NodeKind.ACCOUNT, user);
    String addr = graph.node(addressNode(address), NodeKind.ADDRESS, address);
    List<LogEvent> ok = new ArrayList<>();
    List<LogEvent> failed = new ArrayList<>();
    for (LogEvent e : logs.byAddress(address)) {
      if (e.kind() == EventKind.FTP_LOGIN && user.equals(e.user())) {
        ok.add(e);
      } else if (LogIndex.isFtp(e) && (e.kind() == EventKind.FTP_LOGIN_FAILED || e.kind() == EventKind.AUTH_FAILED)
          && (e.user() == null || user.equals(e.user()))) {
        failed.add(e);
      }
    }
    List<String> ev = new ArrayList<>();
    failed.stream().limit(settings.evidenceLines()).forEach(e -> ev.add(e.evidence()));
    ok.stream().limit(settings.evidenceLines()).forEach(e -> ev.add(e.evidence()));
    Text t;
    if (ok.isEmpty()) {
      t = Text.of("%s used the account %s (its transfers are logged; no login line was found)", "%s がアカウント %s を使用 (転送ログのみ、ログイン行なし)",
          address, user);
    } else {
      t = new Text(String.format(Locale.ROOT, "%s logged into FTP as %s %d time(s) (first %s)%s", address, user, ok.size(), time(ok.get(0).time()),
          failed.isEmpty() ? "" : String.format(Locale.ROOT, ", after %d failed attempt(s)", failed.size())),
          String.format(Locale.ROOT, "%s が FTP に %s として %d 回ログイン (最初 %s)%s", address, user, ok.size(), time(ok.get(0).time()),
              failed.isEmpty() ? "" : String.format(Locale.ROOT, "、その前に %d 回失敗", failed.size())));
    }
    graph.edge(addr, account, "logged-in-as", ok.isEmpty() ? Confidence.LIKELY : Confidence.CERTAIN, t, ev);
    Finding acc = finding(FindingKind.FTP_ACCOUNT_COMPROMISE, accountNode(user));
    List<String> reasons = acc == null ? List.of() : acc.reasons().stream().map(Text::en).limit(3).toList();
    graph.step(Stage.ACCOUNT, ok.isEmpty() ? null : ok.get(0).time(), acc == null ? t : new Text(t.en() + ": " + String.join("; ", reasons), t.ja() + ": "
        + String.join("、", acc.reasons().stream().map(Text::ja).limit(3).toList())), ev, ids(acc), addr, account);
  }

  private void accountsAndAddresses() {
    Map<String, List<LogEvent>> uploads = uploadsByPath();
    // Every login and upload of a compromised account from its attacker's addresses, and of every attacker address.
    for (Map.Entry<String, Set<String>> c : compromised.entrySet()) {
      for (String a : c.getValue()) {
        loginOf(c.getKey(), a);
      }
    }
    for (String a : attackerAddresses) {
      String addr = graph.node(addressNode(a), NodeKind.ADDRESS, a);
      Set<String> users = new LinkedHashSet<>();
      List<LogEvent> theirs = logs.byAddress(a);
      for (LogEvent e : theirs) {
        if (e.kind() == EventKind.FTP_LOGIN && e.user() != null) {
          users.add(e.user());
        }
      }
      users.forEach(u -> loginOf(u, a));
      Finding af = finding(FindingKind.ATTACKER_ADDRESS, a);
      if (af != null) {
        graph.step(Stage.ADDRESS, af.summary(), evidenceLines(af, settings.evidenceLines()), ids(af), addr);
      }
      // What it placed.
      for (LogEvent e : theirs) {
        if (e.kind() != EventKind.FTP_UPLOAD) {
          continue;
        }
        String p = accounts.serverPath(e.user(), e.path());
        if (p == null) {
          continue;
        }
        if (!graph.linked(accountNode(String.valueOf(e.user())), fileNode(p))) {
          List<LogEvent> all = uploads.getOrDefault(p, List.of(e));
          upload(p, all.stream().filter(x -> a.equals(LogIndex.normalAddress(x.address()))).toList());
          Finding f = flagged.get(p);
          graph.step(Stage.OTHER_FILES, f != null
              ? Text.of("%s also placed %s: %s", "%s は %s も設置: %s", a, p, f.summary().en())
              : Text.of("%s also placed %s", "%s は %s も設置", a, p), List.of(e.evidence()), ids(f), fileNode(p));
        }
        if (!flagged.containsKey(p)) {
          unflaggedUploads.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
        }
      }
      // What it requested on the web (the shells it tried, the mailer it drove).
      Map<String, List<LogEvent>> requested = new LinkedHashMap<>();
      for (LogEvent e : theirs) {
        if (e.kind() == EventKind.WEB_REQUEST) {
          String p = requestPath(e);
          if (p != null && graph.has(fileNode(p))) {
            requested.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
          }
        }
      }
      for (Map.Entry<String, List<LogEvent>> r : requested.entrySet()) {
        List<String> ev = r.getValue().stream().limit(settings.evidenceLines()).map(LogEvent::evidence).toList();
        Text t = Text.of("%s requested %s %d time(s) (first %s)", "%s が %s に %d 回アクセス (最初 %s)", a, r.getKey(), r.getValue().size(),
            time(r.getValue().get(0).time()));
        graph.edge(addr, fileNode(r.getKey()), "requested", Confidence.CERTAIN, t, ev);
        graph.step(Stage.OTHER_FILES, r.getValue().get(0).time(), t, ev, ids(flagged.get(r.getKey())), addr, fileNode(r.getKey()));
      }
    }
  }

  // ---- 4. processes → cron → payloads ---------------------------------------------------------

  private void hostChain() {
    for (Finding f : findings) {
      switch (f.kind()) {
        case SUSPICIOUS_PROCESS -> {
          for (Object c : list(f.evidence().get("cron"))) {
            String cron = String.valueOf(c);
            Finding cf = finding(FindingKind.CRON_PERSISTENCE, cron);
            graph.node(cron, NodeKind.CRON, cf == null ? cron : String.valueOf(cf.evidence().getOrDefault("text", cron)));
            List<String> ev = new ArrayList<>();
            if (cf != null && cf.evidence().get("text") != null) {
              ev.add(cf.evidence().get("file") + ":" + cf.evidence().get("line") + ": " + cf.evidence().get("text"));
            }
            if (f.evidence().get("respawn") != null) {
              ev.add("respawn: " + f.evidence().get("respawn"));
            }
            graph.edge(cron, f.subject(), "relaunches", Confidence.STRONG, Text.of("%s starts %s", "%s が %s を起動", cron, label(f)), ev);
            graph.step(Stage.PERSISTENCE, Text.of("the cron entry %s keeps starting %s", "cron エントリ %s が %s を起動し続けている", cron, label(f)),
                ev, ids(f, cf), cron, f.subject());
          }
          for (Object p : list(f.evidence().get("payloads"))) {
            String payload = graph.node(fileNode(String.valueOf(p)), NodeKind.PAYLOAD, String.valueOf(p));
            List<String> ev = List.of("exe: " + f.evidence().get("exe"), "cwd: " + f.evidence().get("cwd"));
            graph.edge(f.subject(), payload, "runs", Confidence.STRONG, Text.of("%s runs or works on %s", "%s が %s を実行・使用", label(f), p), ev);
          }
          graph.step(Stage.PERSISTENCE, f.summary(), processFacts(f), ids(f), f.subject());
        }
        case CRON_PERSISTENCE -> {
          for (Object p : list(f.evidence().get("payloads"))) {
            String payload = graph.node(fileNode(String.valueOf(p)), NodeKind.PAYLOAD, String.valueOf(p));
            String line = f.evidence().get("file") + ":" + f.evidence().get("line") + ": " + f.evidence().get("text");
            graph.edge(f.subject(), payload, "runs", Confidence.CERTAIN, Text.of("the cron entry runs %s", "cron エントリが %s を実行", p), List.of(line));
          }
          graph.step(Stage.PERSISTENCE, f.summary(), List.of(f.evidence().get("file") + ":" + f.evidence().get("line") + ": "
              + f.evidence().get("text")), ids(f), f.subject());
        }
        case TMP_PAYLOAD -> {
          for (Object c : list(f.evidence().get("cron"))) {
            String cron = graph.node(String.valueOf(c), NodeKind.CRON, String.valueOf(c));
            graph.edge(cron, fileNode(f.subject()), "runs", Confidence.CERTAIN, Text.of("%s runs %s", "%s が %s を実行", c, f.subject()), List.of());
          }
          for (Object p : list(f.evidence().get("processes"))) {
            String pid = "pid:" + p;
            if (graph.has(pid)) {
              graph.edge(pid, fileNode(f.subject()), "runs", Confidence.STRONG, Text.of("process %s runs or works on %s", "プロセス %s が %s を実行・使用",
                  p, f.subject()), List.of());
            }
          }
          graph.step(Stage.PERSISTENCE, f.summary(), List.of(f.subject() + ": owner " + f.evidence().get("owner") + ", mode " + f.evidence().get("mode")
              + ", " + f.evidence().get("size") + " bytes, " + f.evidence().get("type")), ids(f), fileNode(f.subject()));
        }
        default -> { }
      }
    }
  }

  /**
   * A payload of the web server's user appeared after the attacker requested a web shell: the
   * shell is the likely way it got there (a weak link: nothing in the logs names the payload).
   */
  private void webToHost() {
    for (Finding f : findings) {
      if (f.kind() != FindingKind.TMP_PAYLOAD || !(f.evidence().get("owner") instanceof String owner) || !webUsers.contains(owner)) {
        continue;
      }
      Optional<Instant> made = mtime(f.subject());
      if (made.isEmpty()) {
        continue;
      }
      LogEvent last = null;
      for (String a : attackerAddresses) {
        for (LogEvent e : logs.byAddress(a)) {
          String p = e.kind() == EventKind.WEB_REQUEST ? requestPath(e) : null;
          if (p != null && flagged.containsKey(p) && e.time() != null && !e.time().isAfter(made.get())
              && (last == null || e.time().isAfter(last.time()))) {
            last = e;
          }
        }
      }
      if (last != null) {
        String shell = requestPath(last);
        graph.node(fileNode(shell), NodeKind.FILE, shell);
        Text t = Text.of("%s (owned by %s, the web server's user) appeared at %s, after %s requested the web shell %s",
            "%s (Web サーバのユーザ %s 所有) は %s に作成された。その前に %s が Web シェル %s にアクセスしている", f.subject(), owner, time(made.get()),
            LogIndex.normalAddress(last.address()), shell);
        graph.edge(fileNode(shell), fileNode(f.subject()), "likely-dropped", Confidence.WEAK, t, List.of(last.evidence(), "mtime " + time(made.get())));
        graph.step(Stage.PERSISTENCE, t, List.of(last.evidence()), ids(f, flagged.get(shell)), fileNode(shell), fileNode(f.subject()));
      }
    }
  }

  // ---- 5. folders, sites, listings -----------------------------------------------------------

  private void damage() {
    for (Finding f : findings) {
      String node;
      switch (f.kind()) {
        case TAMPERED_PERMISSIONS -> node = "folder:" + f.subject();
        case PHP_IN_HTML_ONLY_SITE -> node = "site:" + f.subject();
        case BLOCKLIST_LISTING -> {
          for (QueueSnapshot q : queues.queues()) {
            String queue = "queue:" + q.label();
            if (graph.has(queue) && finding(FindingKind.MAIL_QUEUE_SURGE, q.label()) != null) {
              graph.edge(queue, "listing:" + f.subject(), "listed-while", Confidence.WEAK, Text.of("the server is listed (%s) while its queue holds spam",
                  "キューにスパムがある間にサーバがリスト掲載 (%s)", f.subject()), List.of());
            }
          }
          graph.step(Stage.DAMAGE, f.summary(), List.of(), ids(f), "listing:" + f.subject());
          continue;
        }
        default -> {
          continue;
        }
      }
      String prefix = f.subject().endsWith("/") ? f.subject() : f.subject() + "/";
      for (String p : flagged.keySet()) {
        if (p.startsWith(prefix)) {
          graph.node(fileNode(p), NodeKind.FILE, p);
          graph.edge(node, fileNode(p), "holds", Confidence.CERTAIN, Text.of("%s holds %s", "%s に %s", f.subject(), p), List.of());
        }
      }
      List<String> facts = new ArrayList<>();
      if (f.evidence().get("mode") != null) {
        facts.add(f.subject() + ": mode " + f.evidence().get("mode") + (f.evidence().get("restore-mode") == null ? "" : " (restore "
            + f.evidence().get("restore-mode") + ")"));
      }
      if (f.evidence().get("php-files") instanceof List<?> l) {
        l.stream().limit(3).forEach(x -> facts.add(String.valueOf(x)));
      }
      graph.step(Stage.DAMAGE, f.summary(), facts, ids(f), node);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Duration tolerance() {
    return Duration.ofMinutes(settings.uploadMtimeToleranceMinutes());
  }

  Optional<Instant> mtime(String path) {
    return mtimes.computeIfAbsent(path, p -> {
      try {
        return Optional.of(Files.getLastModifiedTime(root.resolveNoFollow(p), LinkOption.NOFOLLOW_LINKS).toInstant());
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  Integer ownerUid(String path) {
    try {
      Path local = root.resolveNoFollow(path);
      return (Integer) Files.getAttribute(local, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static String baseName(String p) {
    return p.substring(p.lastIndexOf('/') + 1);
  }

  static String time(Instant t) {
    return t == null ? "?" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  Set<String> attackerAddresses() {
    return attackerAddresses;
  }

  Map<String, Set<String>> compromised() {
    return compromised;
  }

  Optional<Docroot> docroot(String path) {
    return docroots.owning(path);
  }
}
