package dev.spamtrace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace bench scan PATH}: times {@code spamtrace scan PATH} as a fresh JVM (start
 * included) and {@code yara -r} with a rule set of the same intent ({@code bench/webshell-intent.yar})
 * on the same tree, one after the other, and prints files/s, MB/s and peak memory (VmHWM of
 * each process) with the load average. {@code --prepare-from} first builds the tree by copying
 * the PHP files of real CMS trees, as many times as needed to reach {@code --min-files}.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
    description = "Benchmark the web-shell scanner against yara -r on the same tree (JVM start included).")
public final class BenchScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "the tree to scan (built first with --prepare-from)")
  Path tree;

  @Option(names = "--prepare-from", paramLabel = "DIR", split = ",",
      description = "copy the PHP files of these trees into PATH (which must not exist), repeated until --min-files")
  List<Path> prepareFrom = new ArrayList<>();

  @Option(names = "--min-files", paramLabel = "N", description = "with --prepare-from: at least this many PHP files (default 50000)")
  int minFiles = 50_000;

  @Option(names = "--yara-rules", paramLabel = "FILE", description = "YARA rules for the baseline (default: the bundled bench/webshell-intent.yar)")
  Path yaraRules;

  @Option(names = "--no-yara", description = "do not run the YARA baseline")
  boolean noYara;

  @Option(names = "--jvm-option", paramLabel = "OPT", description = "an option for the scanning JVM (repeatable); default: one run with the JVM's defaults and one with the launcher's flags")
  List<String> jvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (!prepareFrom.isEmpty()) {
      prepare();
    }
    long[] fb = count(tree);
    out.printf(Locale.ROOT, "input: %s: %d PHP files, %.1f MB (%d files in all)%n", tree, fb[0], fb[1] / 1e6, fb[2]);
    out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
    out.printf("%-40s %9s %8s %10s %9s %10s %s%n", "tool", "wall s", "cpu s", "files/s", "MB/s", "peak MiB", "flagged");
    Path outFile = Files.createTempFile("spamtrace-bench", ".json");
    try {
      // The JVM's defaults, then the launcher's flags (what ./spamtrace runs), unless --jvm-option
      // names the flags to use.
      List<List<String>> configs = jvmOptions.isEmpty() ? List.of(List.of(), BenchCommand.launcherOptions()) : List.of(jvmOptions);
      for (List<String> opts : configs) {
        List<String> argv = BenchCommand.spamtrace(opts, "scan", tree.toString(), "--format", "json");
        BenchCommand.Run s = BenchCommand.run(argv, outFile);
        String json = Files.readString(outFile, StandardCharsets.UTF_8);
        int malicious = occurrences(json, "\"kind\" : \"malicious-file\"") + occurrences(json, "\"kind\":\"malicious-file\"");
        int suspicious = occurrences(json, "\"kind\" : \"suspicious-file\"") + occurrences(json, "\"kind\":\"suspicious-file\"");
        print(out, opts.isEmpty() ? "spamtrace scan (JVM defaults)" : opts.equals(BenchCommand.launcherOptions())
            ? "spamtrace scan (./spamtrace's flags)" : "spamtrace scan " + String.join(" ", opts).replace("-XX:", ""), s, fb,
            malicious + " malicious, " + suspicious + " suspicious (exit " + s.exit() + ")");
      }
      if (!noYara) {
        Path rules = yaraRules;
        if (rules == null) {
          rules = Files.createTempFile("spamtrace-bench", ".yar");
          try (InputStream in = getClass().getClassLoader().getResourceAsStream("bench/webshell-intent.yar")) {
            Files.write(rules, in.readAllBytes());
          }
        }
        BenchCommand.Run y = BenchCommand.run(List.of("yara", "-r", "-w", "-p", String.valueOf(Runtime.getRuntime().availableProcessors()),
            rules.toString(), tree.toString()), outFile);
        long files = Files.readAllLines(outFile).stream().map(l -> l.substring(l.indexOf(' ') + 1)).distinct().count();
        print(out, "yara -r (same intent)", y, fb, files + " files matched (exit " + y.exit() + ")");
      }
      out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
    } finally {
      Files.deleteIfExists(outFile);
    }
    out.flush();
    return ExitCode.CLEAN;
  }

  private static void print(java.io.PrintWriter out, String tool, BenchCommand.Run r, long[] fb, String flagged) {
    out.printf(Locale.ROOT, "%-40s %9.2f %8.2f %10.0f %9.1f %10.0f %s%n", tool, r.seconds(), r.cpuSeconds(), fb[0] / r.seconds(),
        fb[1] / 1e6 / r.seconds(), r.peakKiB() / 1024.0, flagged);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int occurrences(String s, String w) {
    int n = 0;
    for (int i = s.indexOf(w); i >= 0; i = s.indexOf(w, i + 1)) {
      n++;
    }
    return n;
  }

  /** PHP files, their bytes, all files. */
  private static long[] count(Path dir) throws IOException {
    long[] c = new long[3];
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (a.isRegularFile()) {
          c[2]++;
          if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".php")) {
            c[0]++;
            c[1] += a.size();
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return c;
  }

  private void prepare() throws IOException {
    if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException(tree + " exists; --prepare-from builds a new tree");
    }
    List<Path> php = new ArrayList<>();
    for (Path src : prepareFrom) {
      Files.walkFileTree(src, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
          if (a.isRegularFile() && f.getFileName().toString().endsWith(".php")) {
            php.add(f);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    }
    if (php.isEmpty()) {
      throw new IllegalArgumentException("no PHP files under " + prepareFrom);
    }
    int copies = (minFiles + php.size() - 1) / php.size();
    for (int c = 0; c < copies; c++) {
      for (Path f : php) {
        Path rel = Path.of("copy" + c, f.toAbsolutePath().toString().substring(1));
        Path dest = tree.resolve(rel);
        Files.createDirectories(dest.getParent());
        Files.copy(f, dest);
      }
    }
    spec.commandLine().getOut().printf("prepared %s: %d copies of %d PHP files from %s%n", tree, copies, php.size(), prepareFrom);
  }
}
