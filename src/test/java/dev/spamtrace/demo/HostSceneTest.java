package dev.spamtrace.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.host.HostInspector;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Artifacts;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo server tells the host part of the story: the disguised perls, the apache crontab, the payload. */
class HostSceneTest {
  @TempDir Path tmp;

  @Test
  void theDemoShowsTheDisguisedPerlsTheirCronAndThePayload() throws Exception {
    DemoServer s = DemoServer.build(tmp.resolve("demo"), Clock.systemUTC());
    InspectionResult r = new HostInspector().inspect(new InspectionContext(HostRoot.of(s.root()), Config.defaults(), Clock.systemUTC(),
        InspectionContext.Options.once(), new Artifacts(), List.of()));

    List<String> subjects = r.findings().stream().map(f -> f.kind().id() + " " + f.subject()).toList();
    assertThat(subjects).contains("suspicious-process pid:21473", "suspicious-process pid:27318",
        "cron-persistence cron:/var/spool/cron/apache:1", "tmp-payload /tmp/.x/run.sh", "tmp-payload /tmp/.x/bash");
    assertThat(subjects).doesNotContain("suspicious-process pid:951", "suspicious-process pid:1290", "suspicious-process pid:911");
    Finding bash = r.findings().stream().filter(f -> f.subject().equals("pid:21473")).findFirst().orElseThrow();
    assertThat(bash.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(bash.reasons()).extracting(t -> t.en()).contains("calls itself bash but the program is /usr/bin/perl",
        "it holds 2 SMTP connection(s) (203.0.113.77:25, 198.51.100.140:25) and is not the MTA");
    assertThat(bash.summary().ja()).contains("apache");
    assertThat(r.findings()).filteredOn(f -> f.kind() == FindingKind.CRON_PERSISTENCE).singleElement()
        .satisfies(f -> assertThat(f.evidence()).containsEntry("user", "apache").containsEntry("processes", List.of(21473, 27318)));
    assertThat(r.gaps()).isEmpty();
  }
}
