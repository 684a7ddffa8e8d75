package dev.spamtrace.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace bench …}: benchmarks that print their figures and the input they used (speed
 * and memory are measured here, never in timed unit tests). Each capability adds its own
 * subcommand in {@link Subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: each prints its figures (throughput, peak memory) and the input it used.")
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Peak resident memory of this JVM so far (VmHWM), in MiB, or -1 when /proc is not there. */
  public static long peakRssMiB() {
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }
}
