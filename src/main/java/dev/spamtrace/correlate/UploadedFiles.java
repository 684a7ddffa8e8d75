package dev.spamtrace.correlate;

import dev.spamtrace.filescan.docroot.Docroot;
import dev.spamtrace.filescan.docroot.Docroots;
import dev.spamtrace.filescan.rules.PhpScanner;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.support.Printable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every file the attacker uploaded is looked at, first: one no inspector flagged (outside the
 * document roots the scanner walks, or matched by no rule) is read and scanned here, and reported
 * either way: {@code malicious-file} when a malicious rule matches, else {@code suspicious-file}
 * (a script uploaded by the attacker is for a person to review even when no rule knows it).
 */
final class UploadedFiles {
  /** What checking one upload gave: a finding, a could-not-tell, or neither (gone from disk). */
  record Outcome(Finding finding, Text gap) {}

  private static final Set<String> SCRIPTS = Set.of("php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar", "pl", "cgi", "py", "sh", "inc");

  private final HostRoot root;
  private final CorrelateSettings settings;
  private final Docroots docroots;
  private final String server;

  UploadedFiles(HostRoot root, CorrelateSettings settings, Docroots docroots, String server) {
    this.root = root;
    this.settings = settings;
    this.docroots = docroots;
    this.server = server;
  }

  Outcome check(String path, List<LogEvent> uploads) {
    FileRead r;
    try {
      r = root.read(path, settings.uploadScanMaxBytes());
    } catch (RuntimeException e) {
      return new Outcome(null, Text.of("uploaded by the attacker but cannot be read: %s", "攻撃者がアップロードしたが読めません: %s", e.getMessage()));
    }
    if (r instanceof FileRead.Missing) {
      return new Outcome(null, null);
    }
    if (r instanceof FileRead.NotRegular n) {
      return new Outcome(null, Text.of("uploaded by the attacker; now a %s, not read", "攻撃者がアップロード。現在は %s のため読みません", n.type()));
    }
    if (r instanceof FileRead.Unreadable u) {
      return new Outcome(null, Text.of("uploaded by the attacker but unreadable: %s", "攻撃者がアップロードしたが読めません: %s", u.reason()));
    }
    FileRead.Content c = (FileRead.Content) r;
    PhpScanner.ScanResult scan = PhpScanner.standard().scan(c.bytes(), c.bytes().length, c.size());
    String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    boolean script = SCRIPTS.contains(ext);
    Set<String> users = new LinkedHashSet<>();
    Set<String> addresses = new LinkedHashSet<>();
    uploads.forEach(u -> {
      users.add(String.valueOf(u.user()));
      addresses.add(LogIndex.normalAddress(u.address()));
    });
    FindingKind kind;
    Severity sev;
    List<Text> reasons = new ArrayList<>();
    reasons.add(Text.of("uploaded over FTP as %s from %s, an address tied to the compromise", "%2$s (不正利用に関与したアドレス) から %1$s として FTP でアップロード",
        String.join(", ", users), String.join(", ", addresses)));
    if (scan.verdict() == PhpScanner.Verdict.MALICIOUS) {
      kind = FindingKind.MALICIOUS_FILE;
      sev = Severity.HIGH;
    } else {
      kind = FindingKind.SUSPICIOUS_FILE;
      sev = scan.verdict() == PhpScanner.Verdict.SUSPICIOUS || script ? Severity.MEDIUM : Severity.LOW;
      if (scan.hits().isEmpty()) {
        reasons.add(Text.of("no rule matches it: review it by hand", "一致するルールなし: 目視で確認してください"));
      }
    }
    scan.hits().forEach(h -> reasons.add(Text.of("matches rule %s: %s", "ルール %s に一致: %s", h.rule().id(), h.rule().title())));
    Optional<Docroot> d = docroots.owning(path);
    if (d.isEmpty()) {
      reasons.add(Text.of("outside every document root the scanner walks", "スキャン対象のドキュメントルートの外"));
    }
    Finding.Builder b = Finding.builder(kind, path).server(server).severity(sev).source(Correlator.ID)
        .summary(Text.of("%s: uploaded by the attacker (%s)", "%s: 攻撃者がアップロード (%s)", Printable.clip(path, 160),
            scan.verdict().name().toLowerCase(Locale.ROOT)))
        .reasons(reasons)
        .evidence("path", path)
        .evidence("domain", d.map(Docroot::domain).orElse(null))
        .evidence("docroot", d.map(Docroot::path).orElse(null))
        .evidence("docroot-path", d.map(x -> x.relative(path)).orElse(null))
        .evidence("rules", scan.ruleIds())
        .evidence("snippet", scan.hits().isEmpty() ? null : scan.hits().get(0).snippet())
        .evidence("sha256", sha256(c.bytes()))
        .evidence("size", c.size())
        .evidence("uid", uid(path))
        .evidence("ftp-accounts", List.copyOf(users))
        .evidence("uploaded-from", List.copyOf(addresses))
        .evidence("lines", uploads.stream().limit(settings.evidenceLines()).map(LogEvent::evidence).toList());
    return new Outcome(b.build(), null);
  }

  private Integer uid(String path) {
    try {
      return (Integer) Files.getAttribute(root.resolveNoFollow(path), "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (Exception e) {
      return null;
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
