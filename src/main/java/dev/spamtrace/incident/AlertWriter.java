package dev.spamtrace.incident;

import java.util.List;

/**
 * Writes alerts from an investigation's findings (registered in {@code META-INF/services}).
 * A writer returns nothing when its findings are absent.
 */
public interface AlertWriter {
  List<Alert> write(AlertInput input);

  /**
   * What an alert is written from.
   *
   * @param serverName host name
   * @param addresses public addresses
   * @param container container id or empty
   * @param findings every finding of the run
   */
  record AlertInput(String serverName, List<String> addresses, String container, List<Finding> findings) {}
}
