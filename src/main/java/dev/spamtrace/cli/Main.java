package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point; the only place that calls {@link System#exit}. */
@Command(
    name = "spamtrace",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Ends spam outbreaks on shared web-hosting servers: finds the whole chain, plans the clean-up, journals and undoes it.",
    footer = ExitCode.HELP)
public final class Main implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    Config.readDefaultsAhead();
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; what tests call. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err, args).execute(args);
  }

  /** The command line for {@code args}: with the command they name, or all commands (see {@link Subcommands}). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    Subcommands.addTo(cl, args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
        cmd.getErr().println("spamtrace: " + ex.getMessage());
        return ExitCode.USAGE;
      }
      cmd.getErr().println("spamtrace: internal error: " + ex);
      ex.printStackTrace(cmd.getErr());
      return ExitCode.INTERNAL;
    });
    cl.setExitCodeExceptionMapper(ex -> ExitCode.USAGE);
    return cl;
  }

  static String versionString() {
    String v = Main.class.getPackage().getImplementationVersion();
    return "spamtrace " + (v == null ? "dev" : v);
  }

  /** Prints the version from the jar's manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {versionString()};
    }
  }
}
