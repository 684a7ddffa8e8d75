package dev.spamtrace.response.firewall;

/**
 * An element as it sits in a set now.
 *
 * @param element the element
 * @param timeoutSeconds its timeout, or null when it stays until removed
 * @param expiresSeconds seconds left before the kernel drops it, or null
 */
public record Member(Element element, Long timeoutSeconds, Long expiresSeconds) {
  public boolean pending() {
    return timeoutSeconds != null;
  }
}
