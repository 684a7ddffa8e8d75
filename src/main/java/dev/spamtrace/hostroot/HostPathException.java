package dev.spamtrace.hostroot;

/** A path that cannot be resolved inside the root: a symlink loop, a relative path, no root. */
public class HostPathException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HostPathException(String message) {
    super(message);
  }

  public HostPathException(String message, Throwable cause) {
    super(message, cause);
  }
}
