package dev.spamtrace.mailqueue;

/**
 * One envelope recipient of a queued message.
 *
 * @param address the address as the MTA holds it
 * @param pending true while delivery is still to be done (false: delivered or given up already)
 * @param delayReason why the last attempt was deferred, as the MTA wrote it; null when unknown
 */
public record Recipient(String address, boolean pending, String delayReason) {
  /** The domain part, lower case; empty when the address has none. */
  public String domain() {
    return MailAddress.domain(address);
  }
}
