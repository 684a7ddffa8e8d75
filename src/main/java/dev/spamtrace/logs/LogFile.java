package dev.spamtrace.logs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A log file found under a root.
 *
 * @param serverPath as the server sees it ({@code /var/log/maillog.1.gz})
 * @param local where it is read
 * @param size bytes on disk
 * @param modified its modification time: no line in it is later (the reference for syslog years)
 * @param formats the formats whose rule files name this place (the parser tries only these)
 * @param family the live file this one was rotated from ({@code /var/log/maillog})
 */
public record LogFile(String serverPath, Path local, long size, Instant modified, List<String> formats, String family) {
  public LogFile {
    formats = List.copyOf(formats);
  }
}
