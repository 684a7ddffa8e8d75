package dev.spamtrace.response.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.host.HostFixture;
import dev.spamtrace.host.HostInspector;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.PlanStep;
import dev.spamtrace.response.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From findings to the plan with every registered planner: stop, remove the cron line, quarantine the payloads, in that order. */
class HostPlanTest {
  @TempDir Path tmp;

  @Test
  void theOutbreakBecomesAPlanInTheStaffsOrder() throws Exception {
    Path root = HostFixture.build(Files.createDirectories(tmp.resolve("root")));
    HostRoot hr = HostRoot.of(root);
    InspectionResult r = new HostInspector().inspect(new InspectionContext(hr, Config.defaults(), Clock.systemUTC(),
        InspectionContext.Options.once(), new Artifacts(), List.of()));

    Plan plan = Plan.from(r.findings(), hr, Config.defaults());

    assertThat(plan.steps()).extracting(PlanStep::action, PlanStep::target).containsExactly(
        org.assertj.core.groups.Tuple.tuple("stop-process", "pid:21473"),
        org.assertj.core.groups.Tuple.tuple("stop-process", "pid:21500"),
        org.assertj.core.groups.Tuple.tuple("remove-cron-entry", "cron:/var/spool/cron/apache:1"),
        org.assertj.core.groups.Tuple.tuple("quarantine-file", "/tmp/.x/bash"),
        org.assertj.core.groups.Tuple.tuple("quarantine-file", "/tmp/.x/run.sh"));
    assertThat(plan.steps().get(0).undoable()).isFalse();
    assertThat(plan.steps().get(0).description().en()).contains("cannot be undone");
    assertThat(plan.steps().get(2).undoable()).isTrue();
  }
}
