package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.host.HostFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code investigate --apply} over a captured server (a container's root seen from the node, a
 * disk copy): the cron line is removed by rewriting the spool, the payloads are quarantined, the
 * kill is refused (not this machine's /proc); {@code undo} puts the crontab and the files back.
 */
class HostInvestigateCommandTest {
  @TempDir Path tmp;

  static int run(StringWriter out, StringWriter err, String... args) {
    return Main.execute(args, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void applyOnACapturedRootThenUndo() throws Exception {
    Path root = HostFixture.build(Files.createDirectories(tmp.resolve("root")));
    String state = tmp.resolve("state").toString();
    String cases = tmp.resolve("cases").toString();
    Path spool = root.resolve("var/spool/cron/apache");
    String before = Files.readString(spool);
    Files.setPosixFilePermissions(spool, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = run(out, err, "investigate", "--root", root.toString(), "--state-dir", state, "--case-root", cases, "--apply");

    assertThat(out.toString()).contains("calls itself bash but the program is /usr/bin/perl", "cron:/var/spool/cron/apache:1");
    assertThat(err.toString()).contains("refused", "stop-process", "not this machine's live /proc")
        .contains("done", "remove-cron-entry").contains("quarantine-file");
    assertThat(rc).as(err.toString()).isEqualTo(ExitCode.ACTION_FAILED); // the refused kills
    assertThat(spool).content().doesNotContain("/tmp/.x/run.sh");
    assertThat(root.resolve("tmp/.x/run.sh")).doesNotExist();

    out = new StringWriter();
    rc = run(out, err, "undo", "--all", "--apply", "--state-dir", state, "--case-root", cases);
    assertThat(rc).as(out.toString()).isZero();
    assertThat(spool).content().isEqualTo(before);
    assertThat(root.resolve("tmp/.x/run.sh")).exists();
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rw-------");
  }
}
