package dev.spamtrace.response;

import dev.spamtrace.incident.Text;

/**
 * A secret an action hands to the operator once (a new password): the {@link Responder} passes it
 * to the command that prints it, and never to the journal, a log or the case folder. Its
 * {@code toString} hides the secret so that no log line or exception message can carry it.
 *
 * @param what what the secret is ("the new FTP password of shopuser")
 * @param secret the secret itself
 */
public record ShownOnce(Text what, String secret) {
  @Override
  public String toString() {
    return "ShownOnce[" + what.en() + ": ******]";
  }
}
