package dev.spamtrace.logs;

import dev.spamtrace.geoip.CountryDatabase;
import dev.spamtrace.geoip.GeoIpSettings;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.detect.AttackerAddressDetector;
import dev.spamtrace.logs.detect.Countries;
import dev.spamtrace.logs.detect.FtpCompromiseDetector;
import dev.spamtrace.logs.detect.MailboxCompromiseDetector;
import dev.spamtrace.logs.detect.PostBurstDetector;
import dev.spamtrace.logs.detect.ServerAccounts;
import dev.spamtrace.logs.detect.WebSites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code logs} inspector: finds the web, FTP and mail logs under the root, reads them (FTP and
 * mail first, so that the web pass can keep every request of an address that logged in over FTP),
 * publishes the {@link LogIndex} for the chain correlator, and reports POST bursts, compromised
 * FTP accounts and mailboxes, and the addresses tied to them.
 */
public final class LogsInspector implements Inspector {
  /** Events kept from FTP and mail logs; web requests are kept when POSTs or from a tied address. */
  static final Set<EventKind> KEEP = EnumSet.of(
      EventKind.FTP_LOGIN, EventKind.FTP_LOGIN_FAILED, EventKind.FTP_UPLOAD, EventKind.FTP_DOWNLOAD,
      EventKind.FTP_DELETE, EventKind.FTP_RENAME, EventKind.FTP_MKDIR, EventKind.FTP_CHMOD, EventKind.AUTH_FAILED,
      EventKind.MAIL_PICKUP, EventKind.MAIL_QUEUED, EventKind.MAIL_ARRIVAL, EventKind.MAIL_COMMAND, EventKind.MAIL_AUTH,
      EventKind.MAIL_AUTH_FAILED, EventKind.PHP_MAIL);

  @Override
  public String id() {
    return "logs";
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    InspectionResult.Collector out = InspectionResult.collector(id());
    LogsSettings s = ctx.config().section("logs", LogsSettings.class);
    HostRoot root = ctx.root();
    LogRules rules = LogRules.shipped();
    ZoneId zone = zone(root, s.timeZone());
    LogFiles.Found found = LogFiles.discover(root, rules, s.extraFiles(), s.skipFiles());
    found.problems().forEach(p -> out.gap(p.serverPath(), Text.of("cannot be listed or read: %s", "一覧・読み取りできません: %s", p.reason())));
    if (found.files().isEmpty()) {
      ctx.artifacts().put(LogIndex.class, new LogIndex(List.of(), List.of(), true));
      return InspectionResult.notApplicable(id(), Text.of("no web, FTP or mail log found under the root", "ルート配下に Web・FTP・メールのログがありません"));
    }
    List<LogFile> web = new ArrayList<>();
    List<LogFile> other = new ArrayList<>();
    for (LogFile f : found.files()) {
      (f.formats().equals(List.of("web-access")) ? web : other).add(f);
    }
    LogScan scan = new LogScan(rules, zone, s.maxLineBytes(), s.maxFileBytes(), Runtime.getRuntime().availableProcessors());
    AtomicInteger budget = new AtomicInteger(s.maxKeptEvents());
    List<LogScan.FileResult> results = new ArrayList<>(scan.scan(other, LogsInspector::keepFromFtpAndMail, budget));
    Set<String> tiedAddresses = new HashSet<>();
    for (LogScan.FileResult r : results) {
      for (LogEvent e : r.kept()) {
        if ((e.kind() == EventKind.FTP_LOGIN || e.kind() == EventKind.FTP_UPLOAD) && e.address() != null) {
          tiedAddresses.add(e.address());
          tiedAddresses.add(LogIndex.normalAddress(e.address()));
        }
      }
    }
    results.addAll(scan.scan(web, p -> p.kind() == EventKind.WEB_REQUEST
        && (p.fieldIs("method", "POST") || !tiedAddresses.isEmpty() && tiedAddresses.contains(p.field("address"))), budget));

    WebSites sites = new WebSites(root);
    List<LogEvent> events = new ArrayList<>();
    List<LogIndex.Source> sources = new ArrayList<>();
    LogStats total = new LogStats();
    for (LogScan.FileResult r : results) {
      events.addAll(r.kept());
      total.add(r.stats());
      String domain = r.file().formats().contains("web-access") ? WebSites.domainOf(r.file().family()) : null;
      sources.add(new LogIndex.Source(r.file().serverPath(), r.file().family(), r.file().formats(), domain, sites.docroot(domain),
          r.stats().recognised(), r.stats().unrecognised(), r.stats().malformed(), r.partial()));
      if (r.error() != null) {
        out.gap(r.file().serverPath(), Text.of("could not be read to the end: %s", "最後まで読めませんでした: %s", r.error()));
      } else if (r.partial()) {
        out.gap(r.file().serverPath(), Text.of("only the last %d MiB were read", "最後の %d MiB のみ読みました", s.maxFileMib()));
      }
    }
    boolean complete = budget.get() >= 0;
    if (!complete) {
      out.gap("logs", Text.of("more than %d events qualified; the rest were counted but not kept for the chain",
          "%d 件を超えるイベントがあり、超過分は保持していません", s.maxKeptEvents()));
    }
    LogIndex index = new LogIndex(events, sources, complete);
    ctx.artifacts().put(LogIndex.class, index);
    out.covered(Text.of("log files read (%d lines recognised, %d unrecognised, %d malformed)",
        "読んだログファイル (認識 %d 行、未認識 %d 行、不正 %d 行)", total.recognised(), total.unrecognised(), total.malformed()), results.size());

    Countries countries = countries(ctx, out);
    ServerAccounts accounts = ServerAccounts.read(root);
    String server = ctx.server();
    FtpCompromiseDetector ftp = new FtpCompromiseDetector(s.ftp(), countries, accounts, server);
    FtpCompromiseDetector.Result ftpResult = ftp.detect(index);
    ftpResult.findings().forEach(out::finding);

    Map<String, List<LogEvent>> uploads = new HashMap<>();
    for (LogEvent e : index.ofKind(EventKind.FTP_UPLOAD)) {
      String p = accounts.serverPath(e.user(), e.path());
      if (p != null) {
        uploads.computeIfAbsent(p, k -> new ArrayList<>()).add(e);
      }
    }
    Set<String> flagged = new HashSet<>();
    for (Finding f : ctx.earlier()) {
      if ((f.kind() == FindingKind.MALICIOUS_FILE || f.kind() == FindingKind.SUSPICIOUS_FILE) && f.evidence().get("path") instanceof String p) {
        flagged.add(p);
      }
    }
    new PostBurstDetector(s.postBurst(), s.ftp().scriptExtensions(), server)
        .detect(index, p -> facts(root, p), flagged, uploads).forEach(out::finding);
    new MailboxCompromiseDetector(s.mailbox(), countries, server).detect(index).forEach(out::finding);
    new AttackerAddressDetector(countries, accounts, server).detect(index, ftpResult.suspiciousAddresses()).forEach(out::finding);
    return out.build();
  }

  /** FTP and mail events worth keeping; smtpd client lines only when the client authenticated. */
  public static boolean keepFromFtpAndMail(ParsedLine p) {
    if (p.kind() == EventKind.MAIL_CLIENT) {
      return p.field("user") != null;
    }
    if (p.kind() == EventKind.WEB_REQUEST) {
      return p.fieldIs("method", "POST"); // a web log named in logs.extra-files with format auto
    }
    return KEEP.contains(p.kind());
  }

  private static PostBurstDetector.FileFacts facts(HostRoot root, String serverPath) {
    try {
      Path local = root.resolveNoFollow(serverPath);
      BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new PostBurstDetector.FileFacts(a.isRegularFile(), a.lastModifiedTime().toInstant());
    } catch (IOException | RuntimeException e) {
      return PostBurstDetector.FileFacts.UNKNOWN;
    }
  }

  private static Countries countries(InspectionContext ctx, InspectionResult.Collector out) {
    try {
      CountryDatabase db = CountryDatabase.fromSetting(ctx.config().section("geoip", GeoIpSettings.class).database());
      return Countries.from(db);
    } catch (IOException | RuntimeException e) {
      out.gap("geoip", Text.of("country database unavailable (%s): no country checks", "国別データベースを読めません (%s): 国の確認なし", e.getMessage()));
      return a -> null;
    }
  }

  /** The configured zone, else the root's /etc/timezone or /etc/localtime link, else this machine's. */
  public static ZoneId zone(HostRoot root, String configured) {
    if (configured != null && !configured.isBlank()) {
      return ZoneId.of(configured);
    }
    try {
      if (root.read("/etc/timezone", 4096) instanceof FileRead.Content c) {
        String z = c.text().trim();
        if (!z.isEmpty()) {
          return ZoneId.of(z);
        }
      }
      var link = root.readLink(root.resolveNoFollow("/etc/localtime"));
      if (link.isPresent()) {
        int i = link.get().indexOf("zoneinfo/");
        if (i >= 0) {
          return ZoneId.of(link.get().substring(i + 9));
        }
      }
    } catch (RuntimeException e) {
      // fall through
    }
    return ZoneId.systemDefault();
  }
}
