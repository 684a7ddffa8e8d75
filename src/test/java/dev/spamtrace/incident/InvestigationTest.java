package dev.spamtrace.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvestigationTest {
  @TempDir Path tmp;

  static Inspector observer(String id, Finding f) {
    return new Inspector() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public InspectionResult inspect(InspectionContext ctx) {
        ctx.artifacts().put(String.class, "shared by " + id);
        return InspectionResult.collector(id).finding(f).covered(Text.same("things"), 3).build();
      }
    };
  }

  @Test
  void aFailingInspectorBecomesAGapAndTheOthersStillRun() {
    Inspector broken = new Inspector() {
      @Override
      public String id() {
        return "broken";
      }

      @Override
      public InspectionResult inspect(InspectionContext ctx) {
        throw new IllegalStateException("boom");
      }
    };
    Finding f = Finding.builder(FindingKind.MALICIOUS_FILE, "/var/www/x.php").severity(Severity.HIGH).build();
    Investigation.Outcome o = new Investigation(List.of(broken, observer("ok", f)))
        .run(HostRoot.of(tmp), Config.defaults(), Clock.systemUTC(), InspectionContext.Options.once());
    assertThat(o.findings()).containsExactly(f);
    assertThat(o.gaps()).singleElement().satisfies(g -> {
      assertThat(g.inspector()).isEqualTo("broken");
      assertThat(g.reason().en()).contains("boom");
    });
  }

  @Test
  void correlatorsRunAfterObserversAndSeeTheirFindingsAndArtifacts() {
    Finding f = Finding.builder(FindingKind.POST_BURST, "/var/www/x.php").build();
    List<String> seen = new ArrayList<>();
    Inspector correlator = new Inspector() {
      @Override
      public String id() {
        return "a-correlator"; // sorts first by id, must still run last
      }

      @Override
      public Phase phase() {
        return Phase.CORRELATE;
      }

      @Override
      public InspectionResult inspect(InspectionContext ctx) {
        ctx.earlier().forEach(e -> seen.add(e.subject()));
        seen.add(ctx.artifacts().get(String.class).orElse("none"));
        return InspectionResult.collector(id()).build();
      }
    };
    new Investigation(List.of(correlator, observer("z-observer", f)))
        .run(HostRoot.of(tmp), Config.defaults(), Clock.systemUTC(), InspectionContext.Options.once());
    assertThat(seen).containsExactly("/var/www/x.php", "shared by z-observer");
  }

  @Test
  void findingIdsAreStableAndDistinguishServers() {
    String a = Finding.idFor(FindingKind.MALICIOUS_FILE, "/", "/var/www/x.php");
    assertThat(Finding.idFor(FindingKind.MALICIOUS_FILE, "/", "/var/www/x.php")).isEqualTo(a);
    assertThat(Finding.idFor(FindingKind.MALICIOUS_FILE, "/vz/root/101", "/var/www/x.php")).isNotEqualTo(a);
    assertThat(a).startsWith("malicious-file-");
  }
}
