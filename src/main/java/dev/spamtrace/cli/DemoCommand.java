package dev.spamtrace.cli;

import dev.spamtrace.demo.DemoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace demo}: builds a sandbox server mid-outbreak under a folder and investigates it,
 * so a newcomer sees the whole report without touching their machine.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Build a sandbox Plesk-style server mid-outbreak under a folder and run investigate on it. Nothing outside the folder is touched.",
    footer = ExitCode.HELP)
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "where to build it (default ./spamtrace-demo); replaced if it is an earlier demo")
  Path dir = Path.of("spamtrace-demo");

  @Option(names = "--format", paramLabel = "text|json|html", description = "report format (default text)")
  String format = "text";

  @Option(names = "--lang", paramLabel = "ja|en", description = "report language")
  String lang;

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws Exception {
    Path folder = dir.toAbsolutePath().normalize();
    Path server = folder.resolve("server");
    Path state = folder.resolve("state");
    DemoServer.prepareFolder(folder, clock);
    DemoServer.build(server, clock);
    // The customers' addresses, so the plan ends with telling them (both steps stay off, as shipped).
    Path config = folder.resolve("spamtrace.yml");
    java.nio.file.Files.writeString(config, "accounts:\n  notify:\n    recipients: {" + dev.spamtrace.demo.DemoStory.SHOP_USER + ": owner@"
        + dev.spamtrace.demo.DemoStory.SHOP_DOMAIN + ", " + dev.spamtrace.demo.DemoStory.OLD_USER + ": owner@" + dev.spamtrace.demo.DemoStory.OLD_DOMAIN
        + "}\n");
    List<String> args = new ArrayList<>(List.of(
        "--root", server.toString(), "--state-dir", state.toString(), "--format", format, "--config", config.toString()));
    if (lang != null) {
      args.addAll(List.of("--lang", lang));
    }
    InvestigateCommand investigate = new InvestigateCommand();
    investigate.clock = clock;
    CommandLine cl = new CommandLine(investigate);
    cl.setOut(spec.commandLine().getOut());
    cl.setErr(spec.commandLine().getErr());
    int rc = cl.execute(args.toArray(String[]::new));
    if ("text".equals(format)) {
      spec.commandLine().getErr().printf("%nThe demo server is in %s. Try:%n"
          + "  ./spamtrace investigate --root %s --state-dir %s --config %s --format html -o report.html%n"
          + "  ./spamtrace investigate --root %s --state-dir %s --config %s --apply     # take the plan (inside the demo folder only)%n"
          + "  ./spamtrace journal --state-dir %s ; ./spamtrace undo --all --state-dir %s --apply%n",
          server, server, state, config, server, state, config, state, state);
      spec.commandLine().getErr().flush();
    }
    return rc;
  }
}
