package dev.spamtrace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * The JVM flags the {@code spamtrace} launcher script runs with (keep in step with it): C1 only,
   * loops compiled after 5,000 turns, serial GC promoting at the first collection, huge pages where the kernel gives them on request,
   * and the class-data archive beside the jar when the launcher has made one.
   */
  public static List<String> launcherOptions() {
    List<String> o = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-XX:Tier3BackEdgeThreshold=5000", "-XX:+UseSerialGC",
        "-XX:MaxTenuringThreshold=0", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    try {
      if (Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[madvise]")) {
        o.add("-XX:+UseTransparentHugePages");
      }
    } catch (IOException | RuntimeException e) {
      // no such setting (another kernel, a container without /sys): the heap's pages stay as they are
    }
    String jar = runningJar();
    if (jar != null) {
      Path jsa = Path.of(jar).toAbsolutePath().resolveSibling("spamtrace.jsa");
      if (Files.isRegularFile(jsa)) {
        o.add("-XX:SharedArchiveFile=" + jsa);
      }
    }
    return o;
  }

  /** The spamtrace jar this JVM runs from (its whole class path), or null (tests run from classes). */
  private static String runningJar() {
    String cp = System.getProperty("java.class.path");
    return cp.endsWith("spamtrace.jar") && !cp.contains(java.io.File.pathSeparator) ? cp : null;
  }

  /**
   * A fresh JVM running spamtrace {@code args} with {@code jvmOptions}: as the launcher does
   * ({@code -jar}, which also opens what the manifest names) when this JVM runs from the jar; from
   * the class path otherwise (tests), naming the manifest's Add-Opens itself.
   */
  public static List<String> spamtrace(List<String> jvmOptions, String... args) {
    List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    argv.addAll(jvmOptions);
    String jar = runningJar();
    if (jar != null) {
      argv.addAll(List.of("-jar", jar));
    } else {
      argv.addAll(List.of("--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "--add-opens", "java.base/java.nio=ALL-UNNAMED", "-cp",
          System.getProperty("java.class.path"), Main.class.getName()));
    }
    argv.addAll(List.of(args));
    return argv;
  }

  /**
   * One measured run of a command: wall seconds, peak resident memory (VmHWM, KiB), exit code,
   * CPU seconds (user + system, polled from /proc).
   */
  public record Run(double seconds, long peakKiB, int exit, double cpuSeconds) {}

  /** Runs a command with stdout to a file, polling its VmHWM (the kernel's high-water mark of resident memory). */
  public static Run run(List<String> argv, Path stdout) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    long peak = 0;
    long ticks = 0;
    Path status = Path.of("/proc", String.valueOf(p.pid()), "status");
    Path stat = Path.of("/proc", String.valueOf(p.pid()), "stat");
    while (p.isAlive()) {
      try {
        // utime and stime, fields 14 and 15 of proc(5), after the ')' that ends the command name.
        String st = Files.readString(stat);
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        ticks = Math.max(ticks, Long.parseLong(f[11]) + Long.parseLong(f[12]));
      } catch (IOException | RuntimeException e) {
        // exited
      }
      try {
        for (String l : Files.readAllLines(status)) {
          if (l.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(l.replaceAll("[^0-9]", "")));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // exited between the check and the read
      }
      Thread.sleep(10);
    }
    int exit = p.waitFor();
    // The last look misses the final tens of milliseconds of CPU; clock ticks are 1/100 s on Linux.
    return new Run((System.nanoTime() - t0) / 1e9, peak, exit, ticks / 100.0);
  }
}
