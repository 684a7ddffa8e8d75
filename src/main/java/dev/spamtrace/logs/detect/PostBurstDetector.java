package dev.spamtrace.logs.detect;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.logs.LogsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Many POSTs to one script within a window: how a mailer uploaded into a site is driven (field
 * guide row 3). Raised when the script is new on disk, was uploaded over FTP, or was flagged by
 * another inspector; lowered when every answer was an error (the file is already gone).
 */
public final class PostBurstDetector {
  /** What is known of a script on disk. */
  public record FileFacts(boolean exists, Instant modified) {
    public static final FileFacts UNKNOWN = new FileFacts(false, null);
  }

  private final LogsSettings.PostBurst settings;
  private final List<String> scriptExtensions;
  private final List<Pattern> ignore;
  private final String server;

  public PostBurstDetector(LogsSettings.PostBurst settings, List<String> scriptExtensions, String server) {
    this.settings = settings;
    this.scriptExtensions = scriptExtensions;
    this.ignore = settings.ignorePaths().stream().map(Pattern::compile).toList();
    this.server = server;
  }

  /**
   * @param files what the disk says of a server path (null path never asked)
   * @param flagged server paths other inspectors reported (malicious or suspicious files)
   * @param ftpUploads server paths uploaded over FTP, with the upload events
   */
  public List<Finding> detect(LogIndex index, Function<String, FileFacts> files, Set<String> flagged, Map<String, List<LogEvent>> ftpUploads) {
    Map<String, List<LogEvent>> byScript = new TreeMap<>();
    Map<String, String[]> where = new LinkedHashMap<>();
    for (LogEvent e : index.webPosts()) {
      String path = e.path();
      if (path == null || e.time() == null || !isScript(path) || ignore.stream().anyMatch(p -> p.matcher(path).matches())) {
        continue;
      }
      String urlPath = path.replaceAll("/{2,}", "/");
      LogIndex.Source src = index.source(e.source());
      String domain = src != null && src.domain() != null ? src.domain() : e.field("vhost");
      String docroot = src == null ? null : src.docroot();
      String key = (domain == null ? "" : domain) + "\u0000" + urlPath;
      byScript.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
      where.putIfAbsent(key, new String[] {domain, docroot, urlPath});
    }
    List<Finding> out = new ArrayList<>();
    Duration window = Duration.ofMinutes(settings.windowMinutes());
    for (Map.Entry<String, List<LogEvent>> s : byScript.entrySet()) {
      List<LogEvent> posts = s.getValue();
      posts.sort(LogIndex.BY_TIME);
      int best = 0;
      int bestStart = 0;
      for (int i = 0, j = 0; j < posts.size(); j++) {
        while (posts.get(j).time().isAfter(posts.get(i).time().plus(window))) {
          i++;
        }
        if (j - i + 1 > best) {
          best = j - i + 1;
          bestStart = i;
        }
      }
      if (best < settings.minPosts()) {
        continue;
      }
      String[] w = where.get(s.getKey());
      out.add(finding(w[0], w[1], w[2], posts, best, posts.get(bestStart), posts.get(bestStart + best - 1), files, flagged, ftpUploads));
    }
    return out;
  }

  private Finding finding(String domain, String docroot, String urlPath, List<LogEvent> posts, int peak, LogEvent peakFirst, LogEvent peakLast,
      Function<String, FileFacts> files, Set<String> flagged, Map<String, List<LogEvent>> ftpUploads) {
    String serverPath = docroot == null ? null : docroot + urlPath;
    Map<String, Integer> clients = new LinkedHashMap<>();
    Map<String, Integer> statuses = new TreeMap<>();
    for (LogEvent e : posts) {
      clients.merge(LogIndex.normalAddress(e.address()), 1, Integer::sum);
      statuses.merge(String.valueOf(e.field("status")), 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> top = new ArrayList<>(clients.entrySet());
    top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    Map<String, Integer> topClients = new LinkedHashMap<>();
    top.stream().limit(20).forEach(e -> topClients.put(e.getKey(), e.getValue()));
    LogEvent first = posts.get(0);
    LogEvent last = posts.get(posts.size() - 1);

    List<Text> reasons = new ArrayList<>();
    reasons.add(Text.of("%d POSTs within %d minutes (%s – %s) from %d client(s); %d in all",
        "%2$d 分間に %1$d 回の POST (%3$s – %4$s)、クライアント %5$d 件、全体で %6$d 回",
        peak, settings.windowMinutes(), Evidence.time(peakFirst.time()), Evidence.time(peakLast.time()), clients.size(), posts.size()));
    Severity sev = Severity.MEDIUM;
    boolean answered = statuses.keySet().stream().anyMatch(st -> st.startsWith("2"));
    FileFacts facts = serverPath == null ? FileFacts.UNKNOWN : files.apply(serverPath);
    if (serverPath != null && facts.exists() && facts.modified() != null
        && !facts.modified().isBefore(last.time().minus(Duration.ofDays(settings.newFileDays())))) {
      reasons.add(Text.of("the script was changed on disk at %s, within %d days of the POSTs", "スクリプトは %s に変更されたばかり (%d 日以内)",
          facts.modified(), settings.newFileDays()));
      sev = sev.raise(1);
    }
    List<LogEvent> uploads = serverPath == null ? List.of() : ftpUploads.getOrDefault(serverPath, List.of());
    if (!uploads.isEmpty()) {
      LogEvent u = uploads.get(0);
      reasons.add(Text.of("uploaded over FTP by %s from %s at %s", "FTP で %s が %s からアップロード (%s)", u.user(), u.address(), Evidence.time(u.time())));
      sev = sev.raise(1);
    }
    if (serverPath != null && flagged.contains(serverPath)) {
      reasons.add(Text.of("another inspector flagged this file", "他の検査でこのファイルが検出されている"));
      sev = sev.raise(1);
    }
    if (!answered) {
      reasons.add(Text.of("no POST was answered with success (statuses %s): the script may already be gone",
          "成功した POST はない (ステータス %s): スクリプトは既に無い可能性", statuses));
      sev = Severity.LOW;
    } else if (serverPath != null && !facts.exists()) {
      reasons.add(Text.of("the script is no longer on disk (removed or quarantined)", "スクリプトは既にディスク上に無い (削除または隔離済み)"));
    }
    String subject = serverPath != null ? serverPath : "url:" + (domain == null ? "" : domain) + urlPath;
    List<LogEvent> evidence = new ArrayList<>(posts);
    evidence.addAll(uploads);
    return Finding.builder(FindingKind.POST_BURST, subject)
        .server(server)
        .severity(sev)
        .summary(Text.of("%d POSTs to %s from %d client(s)", "%2$s への POST %1$d 回 (クライアント %3$d 件)", posts.size(),
            (domain == null ? "" : domain) + urlPath, clients.size()))
        .reasons(reasons)
        .evidence("path", serverPath)
        .evidence("domain", domain)
        .evidence("docroot-path", urlPath.substring(1))
        .evidence("url-path", urlPath)
        .evidence("posts", posts.size())
        .evidence("peak-posts", peak)
        .evidence("window-minutes", settings.windowMinutes())
        .evidence("first", Evidence.time(first.time()))
        .evidence("last", Evidence.time(last.time()))
        .evidence("clients", clients.size())
        .evidence("top-clients", topClients)
        .evidence("statuses", statuses)
        .evidence("exists", serverPath == null ? null : facts.exists())
        .evidence("lines", Evidence.lines(evidence, 30))
        .source("logs")
        .build();
  }

  boolean isScript(String urlPath) {
    String p = urlPath.toLowerCase(Locale.ROOT);
    int dot = p.lastIndexOf('.');
    return dot > p.lastIndexOf('/') && scriptExtensions.contains(p.substring(dot + 1));
  }

  static <T> int size(Collection<T> c) {
    return c.size();
  }

  static boolean isPost(LogEvent e) {
    return e.kind() == EventKind.WEB_REQUEST && "POST".equals(e.field("method"));
  }
}
