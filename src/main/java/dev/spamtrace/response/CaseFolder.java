package dev.spamtrace.response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The dated folder that keeps one incident's evidence and everything removed, in the staff's own
 * layout: quarantined files sit at the top as {@code DOMAIN_css_css.php}; {@code evidence/} holds
 * process snapshots and reports, {@code mail/} archived messages, {@code crontabs/} backups.
 * Readable by root only.
 */
public final class CaseFolder {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final Path dir;

  private CaseFolder(Path dir) {
    this.dir = dir;
  }

  /** The case folder {@code <caseRoot>/YYYYMMDD} for a day (not created until first used). */
  public static CaseFolder forDay(Path caseRoot, LocalDate day) {
    return new CaseFolder(caseRoot.toAbsolutePath().normalize().resolve(DAY.format(day)));
  }

  public static CaseFolder today(Path caseRoot, java.time.Clock clock) {
    return forDay(caseRoot, LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault()));
  }

  /** The folder's name, used as the case id in the journal. */
  public String id() {
    return dir.getFileName().toString();
  }

  public Path directory() {
    return dir;
  }

  /** The folder itself, created (mode 0700) when missing. */
  public Path ensure() throws IOException {
    return ensureDir(dir);
  }

  /** A sub-folder ({@code evidence}, {@code mail}, …), created when missing. */
  public Path sub(String name) throws IOException {
    ensure();
    return ensureDir(dir.resolve(name));
  }

  private static Path ensureDir(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      try {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; nothing more to do
      }
    }
    return d;
  }

  /**
   * A name under {@code parent} that does not exist yet: {@code name}, then {@code name.1}, …
   * (a second file of the same name on the same day must not overwrite the first).
   */
  public static Path unique(Path parent, String name) {
    Path p = parent.resolve(name);
    for (int i = 1; Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
        || Files.exists(parent.resolve(p.getFileName() + QUARANTINE_RECORD_SUFFIX), java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
      p = parent.resolve(name + "." + i);
    }
    return p;
  }

  /** The sidecar that describes a quarantined file sits beside it with this suffix. */
  public static final String QUARANTINE_RECORD_SUFFIX = ".spamtrace.json";
}
