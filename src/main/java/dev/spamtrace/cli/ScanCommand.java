package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.PathScan;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.report.Report;
import dev.spamtrace.report.ServerIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spamtrace scan PATH…}: web shells and mass mailers in files and trees given directly. */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Scan files and folders (an upload, a backup, a copied site) for web shells, mass mailers and droppers "
        + "with the same rules as investigate. Reads only.",
    footer = ExitCode.HELP)
public final class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders to scan")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "text|json", description = "report format (default text)")
  String format = "text";

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    if (!List.of("text", "json").contains(format)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be text or json");
    }
    // Compiling the rules takes a good part of a second: it runs while the configuration is read
    // and the walk starts (the scanning threads wait for it).
    java.util.concurrent.CompletableFuture.runAsync(dev.spamtrace.filescan.rules.RuleSet::bundled);
    Config config = common.config();
    PathScan.Result r = PathScan.scan(paths, config);
    List<Finding> findings = new ArrayList<>(r.findings());
    findings.sort(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::subject));
    Report report = new Report(Report.SCHEMA, Main.versionString(), clock.instant(),
        List.of(ServerIdentity.of(HostRoot.of(Path.of("/")), config.server())), findings, r.covered(), r.gaps(), List.of(), List.of());
    PrintWriter out = spec.commandLine().getOut();
    out.print(InvestigateCommand.render(report, format, common.lang()));
    out.flush();
    return InvestigateCommand.exitCode(report);
  }
}
