package dev.spamtrace.response;

import java.util.List;

/**
 * The {@code response} section.
 *
 * @param quarantineAllowedUnder server paths under which files may be quarantined (document roots
 *     and temporary places); anything else is refused
 * @param commandTimeoutSeconds the longest any system tool (postsuper, crontab, nft) may run
 */
public record ResponseSettings(List<String> quarantineAllowedUnder, int commandTimeoutSeconds) {}
