package dev.spamtrace.response;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.PlanStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** The actions that answer an investigation, in the order they should be taken. */
public record Plan(List<Action> actions) {
  public Plan {
    actions = List.copyOf(actions);
  }

  /** Plans with every registered planner. */
  public static Plan from(List<Finding> findings, HostRoot root, Config config) {
    List<Planner> planners = new ArrayList<>();
    ServiceLoader.load(Planner.class).forEach(planners::add);
    return from(planners, findings, root, config);
  }

  public static Plan from(List<Planner> planners, List<Finding> findings, HostRoot root, Config config) {
    List<Planner> sorted = new ArrayList<>(planners);
    sorted.sort(Comparator.comparingInt(Planner::order).thenComparing(p -> p.getClass().getName()));
    List<Action> actions = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Planner p : sorted) {
      for (Action a : p.plan(findings, root, config)) {
        // Two findings about one file must not quarantine it twice.
        if (seen.add(a.type() + "\0" + a.target())) {
          actions.add(a);
        }
      }
    }
    return new Plan(actions);
  }

  /** Only the actions of the given types (the operator's {@code --only}). */
  public Plan only(Set<String> types) {
    if (types.isEmpty()) {
      return this;
    }
    return new Plan(actions.stream().filter(a -> types.contains(a.type())).toList());
  }

  /** The view reports show. */
  public List<PlanStep> steps() {
    List<PlanStep> steps = new ArrayList<>();
    int n = 1;
    for (Action a : actions) {
      steps.add(new PlanStep(n++, a.type(), a.target(), a.description(), a.undoable(), a.findings()));
    }
    return steps;
  }
}
