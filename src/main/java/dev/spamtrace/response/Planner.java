package dev.spamtrace.response;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import java.util.List;

/**
 * Turns findings into the actions that answer them. Registered in
 * {@code META-INF/services/dev.spamtrace.response.Planner}; each capability brings its own.
 */
public interface Planner {
  /**
   * Where this planner's actions go in the plan. Stop the spread first (freeze and kill
   * processes, remove cron entries), then clean (quarantine, purge mail), then repair and prevent.
   */
  int order();

  List<Action> plan(List<Finding> findings, HostRoot root, Config config);

  /** The usual orders, so planners from different packages line up. */
  final class Order {
    public static final int STOP_PROCESSES = 100;
    public static final int REMOVE_PERSISTENCE = 200;
    public static final int QUARANTINE = 300;
    public static final int PURGE_MAIL = 400;
    public static final int REPAIR = 500;
    public static final int ACCOUNTS = 600;
    public static final int FIREWALL = 700;

    private Order() {}
  }
}
