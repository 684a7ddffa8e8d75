package dev.spamtrace.response;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import java.time.Clock;

/**
 * What an action is given: the root it may act inside, the configuration, the case folder that
 * keeps evidence and anything removed, the clock, and the runner for the system's own tools.
 */
public record ActionContext(HostRoot root, Config config, CaseFolder caseFolder, Clock clock, SystemCommand commands) {
  public ResponseSettings settings() {
    return config.section("response", ResponseSettings.class);
  }
}
