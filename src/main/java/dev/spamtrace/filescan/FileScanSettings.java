package dev.spamtrace.filescan;

import java.util.List;

/**
 * The {@code filescan} section of the configuration (documented in {@code config/spamtrace.yml}).
 */
public record FileScanSettings(
    List<String> docrootGlobs,
    List<String> phpExtensions,
    long otherFilesMaxBytes,
    long maxFileBytes,
    int maxDepth,
    long maxEntries,
    int maxDecodeDepth,
    int maxDecodedBytes,
    List<String> staticFolders,
    String configLookalikePattern,
    int incidentWindowMinutes,
    int maxClusterFiles,
    int maxFindingsPerDocroot,
    int threads) {}
