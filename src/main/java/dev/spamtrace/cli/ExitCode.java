package dev.spamtrace.cli;

/**
 * spamtrace's exit codes, the same for every command (also in {@code spamtrace --help} and the
 * README).
 */
public final class ExitCode {
  /** Nothing found, everything checked. */
  public static final int CLEAN = 0;
  /** Findings reported (some sources may also have been unreadable: see the report). */
  public static final int FINDINGS = 1;
  /** Bad command line or configuration. */
  public static final int USAGE = 2;
  /** Nothing found, but some sources could not be checked: not a clean bill. */
  public static final int PARTIAL = 3;
  /** An action (or an undo) failed or was refused; the journal says which. */
  public static final int ACTION_FAILED = 4;
  /** A bug in spamtrace. */
  public static final int INTERNAL = 70;

  public static final String HELP =
      "%nExit codes:%n"
          + "  0  nothing found, everything checked%n"
          + "  1  findings reported%n"
          + "  2  usage or configuration error%n"
          + "  3  nothing found, but some sources could not be checked%n"
          + "  4  an action or undo failed or was refused%n"
          + "  70 internal error%n";

  private ExitCode() {}
}
