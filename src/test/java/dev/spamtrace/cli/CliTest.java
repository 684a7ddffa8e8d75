package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamtrace.report.ReportJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void unknownOptionAndBadFormatAreUsageErrors() {
    assertThat(run("investigate", "--nope").code()).isEqualTo(ExitCode.USAGE);
    assertThat(run("investigate", "--root", tmp.toString(), "--format", "xml").code()).isEqualTo(ExitCode.USAGE);
    assertThat(run("investigate", "--root", tmp.resolve("missing").toString()).code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void misspeltConfigurationIsAUsageErrorNamingTheOption() throws Exception {
    Path conf = tmp.resolve("c.yml");
    Files.writeString(conf, "general:\n  lnag: ja\n");
    Run r = run("investigate", "--root", tmp.toString(), "--config", conf.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("general.lnag");
  }

  @Test
  void helpListsTheExitCodes() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("investigate", "undo", "demo", "Exit codes", "could not be checked");
  }

  @Test
  void everyCommandIsListedAndReachableWhetherOrNotTheRunNamesOne() {
    // A run naming its command is set up with that command alone; help and mistakes see them all.
    List<String> all = List.of("investigate", "demo", "undo", "restore", "journal", "bench", "blocklist", "queue", "block",
        "firewall", "logs", "scan");
    assertThat(run("--help").out()).contains(all);
    assertThat(run().out()).contains(all);
    Run help = run("help", "queue");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("summary", "purge");
    Run named = run("queue", "--help");
    assertThat(named.code()).isZero();
    assertThat(named.out()).contains("summary", "purge");
    Run typo = run("queu");
    assertThat(typo.code()).isEqualTo(ExitCode.USAGE);
    assertThat(typo.err()).contains("queue");
    for (String c : all) {
      assertThat(run(c, "--help").code()).as(c).isZero();
    }
    java.util.Deque<Subcommands.Top> commands = new java.util.ArrayDeque<>(Subcommands.TOP);
    while (!commands.isEmpty()) {
      Subcommands.Top t = commands.pop();
      picocli.CommandLine.Command a = t.type().getAnnotation(picocli.CommandLine.Command.class);
      assertThat(a.name()).isEqualTo(t.name());
      assertThat(a.aliases()).isEmpty();
      // a group's subcommands are listed in Subcommands alone (so a run builds only the one it names)
      if (!t.children().isEmpty()) {
        assertThat(a.subcommands()).as(t.name()).isEmpty();
      }
      commands.addAll(t.children());
    }
    // A run that names a subcommand gets it alone; help still lists them all.
    picocli.CommandLine built = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
        new java.io.PrintWriter(java.io.Writer.nullWriter()), "queue", "summary", "--root", "/");
    assertThat(built.getSubcommands()).containsOnlyKeys("queue");
    assertThat(built.getSubcommands().get("queue").getSubcommands()).containsOnlyKeys("summary");
    assertThat(run("queue", "purge", "--help").out()).contains("--sender-domain");
    assertThat(run("help", "firewall").out()).contains("status", "confirm", "smtp-policy", "country-policy");
    assertThat(run("bench", "--help").out()).contains("queue", "scan", "proc", "logs", "blocklist", "firewall-country-set");
  }

  @Test
  void demoBuildsItsServerInsideItsFolderAndReportsAsJson() throws Exception {
    Path dir = tmp.resolve("demo");
    Run r = run("demo", "--dir", dir.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    JsonNode j = ReportJson.mapper().readTree(r.out());
    assertThat(j.path("servers").get(0).path("name").asText()).isEqualTo("sv42.hosting.example");
    assertThat(dir.resolve("server/var/www/vhosts/shop.example/httpdocs")).isDirectory();
    // Running it again replaces the earlier demo, but never a folder that is not a demo.
    assertThat(run("demo", "--dir", dir.toString(), "--format", "json").code()).isIn(ExitCode.CLEAN, ExitCode.FINDINGS);
    Path other = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(other.resolve("server"), "keep me");
    Run refused = run("demo", "--dir", other.toString());
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("not an earlier demo");
    assertThat(other.resolve("server")).hasContent("keep me");
  }

  @Test
  void undoWithNothingJournaledSaysSo() {
    Run r = run("undo", "--all", "--state-dir", tmp.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Nothing to undo");
    assertThat(run("undo", "--state-dir", tmp.toString()).code()).isEqualTo(ExitCode.USAGE);
  }
}
