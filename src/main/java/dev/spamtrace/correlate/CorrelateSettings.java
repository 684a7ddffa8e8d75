package dev.spamtrace.correlate;

/**
 * The {@code correlate} section (documented in config/spamtrace.yml).
 *
 * @param uploadMtimeToleranceMinutes how far an FTP upload's logged time and the file's mtime may
 *     differ for the upload to be the one that placed what is on disk now
 * @param minScriptMessages queued messages from one script needed to trace it when the queue is
 *     not over its threshold
 * @param evidenceLines log lines quoted per link (the findings hold the rest)
 * @param scanUploads whether files the attacker uploaded that no inspector flagged are read and
 *     scanned here (they may lie outside the document roots the scanner walks)
 * @param uploadScanMaxBytes the most read of one such file
 */
public record CorrelateSettings(int uploadMtimeToleranceMinutes, int minScriptMessages, int evidenceLines, boolean scanUploads,
    long uploadScanMaxBytes) {}
