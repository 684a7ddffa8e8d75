package dev.spamtrace.mailqueue;

/**
 * One envelope recipient of a queued message.
 *
 * @param address the address as the MTA holds it
 * @param pending true while delivery is still to be done (false: delivered or given up already)
 * @param delayReason why the last attempt was deferred, as the MTA wrote it; null when unknown
 * @param domain the address's domain, lower case (derived)
 */
public record Recipient(String address, boolean pending, String delayReason, String domain) {
  /** Derives the domain once: breakdowns ask for it millions of times. */
  public Recipient(String address, boolean pending, String delayReason) {
    this(address, pending, RepeatedValues.of(delayReason), RepeatedValues.of(MailAddress.domain(address)));
  }
}
