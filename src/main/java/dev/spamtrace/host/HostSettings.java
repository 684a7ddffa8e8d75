package dev.spamtrace.host;

import java.util.List;

/**
 * The {@code host} section: processes, crontabs and temporary places (documented in
 * {@code config/spamtrace.yml}).
 *
 * @param temporaryPlaces server paths where payloads hide ({@code /tmp}, {@code /var/tmp}, {@code /dev/shm})
 * @param docroots server paths of document roots; {@code *} matches one folder name
 * @param smtpPorts TCP ports a connection to which counts as sending mail
 * @param mtaPrograms exe paths of the MTA's own programs, the only ones allowed to speak SMTP
 * @param webServerPrograms exe paths of the web server's programs; {@code *} matches within the file name
 * @param cronSpools per-user crontab folders, each distribution's layout
 * @param atSpools at job folders
 * @param timerFolders systemd unit folders searched for timers
 * @param tmpScanMaxFiles at most this many files looked at in the temporary places
 * @param tmpScanMaxDepth how deep below each temporary place
 * @param tmpScanReadBytes bytes of each file read for content rules
 * @param respawnToleranceSeconds how far an observed restart period may be from a cron period
 * @param neverStopUsers users whose processes are never stopped
 * @param stopForcedUsers system or MTA users whose processes may be stopped all the same
 * @param stopMinSeverity the lowest severity of a suspicious-process finding planned to be stopped
 * @param cronRemovalMinSeverity the lowest severity of a cron-persistence finding whose line is planned to be removed
 */
public record HostSettings(
    List<String> temporaryPlaces, List<String> docroots, List<Integer> smtpPorts, List<String> mtaPrograms,
    List<String> webServerPrograms, List<String> cronSpools, List<String> atSpools, List<String> timerFolders,
    int tmpScanMaxFiles, int tmpScanMaxDepth, int tmpScanReadBytes, int respawnToleranceSeconds,
    List<String> neverStopUsers, List<String> stopForcedUsers, String stopMinSeverity, String cronRemovalMinSeverity) {

  public static final String SECTION = "host";
}
