package dev.spamtrace.logs;

import java.util.List;
import java.util.Map;

/** The {@code logs} section of the configuration (documented in config/spamtrace.yml). */
public record LogsSettings(
    String timeZone,
    Map<String, String> extraFiles,
    List<String> skipFiles,
    int maxLineBytes,
    long maxFileMib,
    int maxKeptEvents,
    PostBurst postBurst,
    Ftp ftp,
    Mailbox mailbox) {

  public record PostBurst(int windowMinutes, int minPosts, List<String> ignorePaths, int newFileDays) {}

  public record Ftp(List<String> allowedCountries, int accountsPerAddress, int guessFailures, List<String> webFolders,
      List<String> scriptExtensions) {}

  public record Mailbox(int maxAddresses, int maxCountries, int burstPerHour, int burstFactor) {}

  public long maxFileBytes() {
    return maxFileMib * 1024L * 1024L;
  }
}
