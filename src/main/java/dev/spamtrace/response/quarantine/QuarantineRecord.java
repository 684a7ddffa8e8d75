package dev.spamtrace.response.quarantine;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The sidecar written beside every quarantined file, before the file moves: everything needed to
 * put it back exactly and to know why it was taken.
 *
 * @param state {@code moving} until the move finished, then {@code quarantined}, then
 *     {@code restored}
 * @param originalPath the path as the server sees it
 * @param root the root directory the path is under
 * @param quarantinedAs the file's path in the case folder
 * @param uid numeric owner (restored as a number: a container's users are not this machine's)
 * @param gid numeric group
 * @param owner owner name as this machine resolves it, for people
 * @param group group name as this machine resolves it
 * @param mode permission bits in octal, e.g. {@code 0644}
 * @param size bytes
 * @param modified last modification time
 * @param accessed last access time
 * @param sha256 content hash, verified on restore
 * @param reasons why it was quarantined
 * @param findings ids of the findings
 * @param action the journal's action id
 * @param quarantinedAt when
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuarantineRecord(
    String state,
    String originalPath,
    String root,
    String quarantinedAs,
    int uid,
    int gid,
    String owner,
    String group,
    String mode,
    long size,
    Instant modified,
    Instant accessed,
    String sha256,
    List<String> reasons,
    List<String> findings,
    String action,
    Instant quarantinedAt) {

  public QuarantineRecord withState(String s) {
    return new QuarantineRecord(s, originalPath, root, quarantinedAs, uid, gid, owner, group, mode, size, modified, accessed,
        sha256, reasons, findings, action, quarantinedAt);
  }
}
