package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.demo.MailQueueLayouts;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.QueueAssessment;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSnapshots;
import dev.spamtrace.mailqueue.SurgeAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace bench queue}: builds (or reuses) a queue of N messages in an MTA's real layout,
 * reads and summarises it as {@code queue summary} does (envelope and headers of every message),
 * and prints messages per second and peak memory; for Postfix, runs {@code postqueue -j} over the
 * same queue side by side (a second Postfix configuration whose queue_directory is the bench
 * queue; with that instance down, postqueue runs showq on the files directly, as root).
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
    description = "Benchmark reading and summarising a mail queue in the real Postfix/Exim/qmail layout (with postqueue -j side by side for Postfix).")
public final class QueueBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--layout", paramLabel = "postfix|exim|qmail", description = "queue layout (default postfix)")
  String layout = "postfix";

  @Option(names = "--messages", paramLabel = "N", description = "messages in the queue (default 100000)")
  int messages = 100_000;

  @Option(names = "--dir", paramLabel = "DIR", description = "where the queue is built or reused (default /tmp/spamtrace-bench-queue-LAYOUT-N)")
  Path dir;

  @Option(names = "--runs", paramLabel = "N", description = "timed runs of each side after one warm-up (default 3; the median is printed)")
  int runs = 3;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("postfix", "exim", "qmail").contains(layout)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--layout must be postfix, exim or qmail");
    }
    Path base = (dir != null ? dir : Path.of("/tmp/spamtrace-bench-queue-" + layout + "-" + messages)).toAbsolutePath();
    Path root = base.resolve("root");
    Path marker = base.resolve("bench-queue.txt");
    String want = layout + " " + messages + "\n";
    if (Files.exists(marker) && Files.readString(marker).equals(want)) {
      out.printf("input: reusing %s (%s layout, %d messages)%n", root, layout, messages);
    } else {
      if (Files.exists(base) && !Files.exists(marker)) {
        try (var s = Files.list(base)) {
          if (s.findAny().isPresent()) {
            throw new IOException(base + " exists and is not a bench queue; choose another --dir");
          }
        }
      }
      if (Files.exists(marker)) {
        try (var w = Files.walk(base)) {
          for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(x);
          }
        }
      }
      long t0 = System.nanoTime();
      build(root);
      Files.writeString(marker, want);
      out.printf("input: built %s in %.1f s (%s layout, %d messages: 90%% from css.php to random recipients, 10%% legitimate; "
          + "deferred with reasons)%n", root, (System.nanoTime() - t0) / 1e9, layout, messages);
    }
    out.printf("load average before: %s%n", load());
    out.printf("file access: %s%n", dev.spamtrace.hostroot.OpenFolder.access());
    out.flush();

    MailQueueSettings s = Config.defaults().section("mailqueue", MailQueueSettings.class);
    HostRoot host = HostRoot.of(root);
    // Loaded once, as a run does (while it reads the queue): the timed part is reading and judging.
    SurgeAnalysis analysis = SurgeAnalysis.shipped();
    summarise(host, s, analysis); // warm-up: page cache and JIT
    List<Double> times = new ArrayList<>();
    int read = 0;
    String verdict = "";
    List<Double> readTimes = new ArrayList<>();
    for (int i = 0; i < Math.max(1, runs); i++) {
      // Each run starts from a collected heap, as a fresh process does: otherwise the runs before
      // leave their messages to a full collection that lands inside one of the timed runs.
      System.gc();
      long t0 = System.nanoTime();
      QueueSnapshots q = MailQueues.read(host, s, Instant.now());
      readTimes.add((System.nanoTime() - t0) / 1e9);
      for (QueueSnapshot snap : q.queues()) {
        QueueAssessment.of(snap, s, analysis, Instant.now());
      }
      times.add((System.nanoTime() - t0) / 1e9);
      read = q.messages().size();
      QueueSnapshot first = q.queues().get(0);
      List<SurgeAnalysis.Verdict> vs = QueueAssessment.of(first, s, analysis, Instant.now()).verdicts();
      verdict = vs.isEmpty() ? "none" : vs.get(0).rule().id() + " " + vs.get(0).value();
    }
    double med = median(times);
    out.printf(Locale.ROOT, "spamtrace: read and summarised %d messages (envelope + headers, %d runs after a warm-up): median %.2f s "
        + "(reading %.2f s) = %,.0f messages/s; peak RSS %d MiB (max heap %d MiB); verdict: %s%n", read, times.size(), med,
        median(readTimes), read / med, BenchCommand.peakRssMiB(), Runtime.getRuntime().maxMemory() >> 20, verdict);
    double whole = wholeProcess(root, out);
    if (layout.equals("postfix")) {
      postqueueSideBySide(base, root.resolve("var/spool/postfix"), med, whole, out);
    }
    out.printf("load average after: %s%n", load());
    out.flush();
    return ExitCode.CLEAN;
  }

  private static QueueSnapshots summarise(HostRoot host, MailQueueSettings s, SurgeAnalysis analysis) {
    QueueSnapshots q = MailQueues.read(host, s, Instant.now());
    for (QueueSnapshot snap : q.queues()) {
      QueueAssessment.of(snap, s, analysis, Instant.now());
    }
    return q;
  }

  private void build(Path root) throws IOException {
    Instant now = Instant.now();
    switch (layout) {
      case "postfix" -> {
        Path q = root.resolve("var/spool/postfix");
        MailQueueLayouts.postfixSkeleton(q);
        parallel(i -> MailQueueLayouts.writePostfix(q, "deferred", MailQueueLayouts.postfixId(i), message(i, now, "postfix")));
      }
      case "exim" -> {
        Path spool = root.resolve("var/spool/exim4");
        parallel(i -> MailQueueLayouts.writeExim(spool, MailQueueLayouts.eximId(i, now), message(i, now, "exim"), false));
      }
      default -> {
        Path q = root.resolve("var/qmail/queue");
        MailQueueLayouts.qmailSkeleton(q, 23);
        parallel(i -> MailQueueLayouts.writeQmail(q, 23, message(i, now, "qmail"), true, List.of("shop.example")));
      }
    }
  }

  interface Writer {
    void write(int i) throws IOException;
  }

  private void parallel(Writer w) {
    IntStream.range(0, messages).parallel().forEach(i -> {
      try {
        w.write(i);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  static MailQueueLayouts.Message message(int i, Instant now, String mta) {
    Instant t = now.minusSeconds(10 + (long) i * 7 % 36000);
    boolean spam = i % 10 != 0;
    String from = spam ? new String[] {"info", "sales", "support"}[i % 3] + "@shop.example" : "orders@bakery.example";
    String to = spam ? String.format(Locale.ROOT, "user%06d@mail%d.example.%s", i, i % 211, i % 2 == 0 ? "com" : "jp")
        : "customer" + i % 50 + "@example.org";
    String id = "<" + i + "." + mta + "@mail.example.test>";
    String received = mta.equals("postfix") ? "Received: by mail.example.test (Postfix, from userid 48)\n\tid X" + i + "; "
        + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC).format(t) : null;
    List<String> h = MailQueueLayouts.phpMailHeaders(received, to, spam ? "Your invoice #" + i + " is ready" : "Your order",
        (spam ? "Shop <" : "Bakery <") + from + ">", spam ? "10001:css.php" : null, spam ? "PHP/7.4.33" : null, id, t);
    return new MailQueueLayouts.Message(from, List.of(to), h, "Hello,\nplease see http://shop.example/inv/" + i + "\n", t, spam ? 48 : 10003,
        spam ? "apache" : "bakery", null, null, "connect to mx.example[192.0.2.25]:25: Connection timed out");
  }

  /**
   * {@code spamtrace queue summary --root ROOT} as a fresh JVM with the launcher's flags, JVM start
   * included (what an operator waits for): the median of the runs, with CPU and peak memory.
   */
  private double wholeProcess(Path root, PrintWriter out) throws Exception {
    List<String> argv = BenchCommand.spamtrace(BenchCommand.launcherOptions(), "queue", "summary", "--root", root.toString());
    Path sink = Files.createTempFile("spamtrace-bench", ".txt");
    try {
      BenchCommand.run(argv, sink); // warm-up: page cache
      List<BenchCommand.Run> rs = new ArrayList<>();
      for (int i = 0; i < Math.max(1, runs); i++) {
        rs.add(BenchCommand.run(argv, sink));
      }
      rs.sort(java.util.Comparator.comparingDouble(BenchCommand.Run::seconds));
      BenchCommand.Run m = rs.get(rs.size() / 2);
      out.printf(Locale.ROOT, "spamtrace queue summary, whole process (JVM start included, ./spamtrace's flags %s): median %.2f s "
          + "(fastest %.2f s), CPU %.2f s, peak RSS %d MiB, exit %d%n", String.join(" ", BenchCommand.launcherOptions()),
          m.seconds(), rs.get(0).seconds(), m.cpuSeconds(), m.peakKiB() / 1024, m.exit());
      return m.seconds();
    } finally {
      Files.deleteIfExists(sink);
    }
  }

  private void postqueueSideBySide(Path base, Path queue, double inProcess, double whole, PrintWriter out) throws Exception {
    if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/sbin/postqueue"))
        || !Files.isRegularFile(Path.of("/etc/postfix/main.cf"))) {
      out.println("postqueue -j: not run (needs root and an installed Postfix: .ci/components/postfix.sh)");
      return;
    }
    // A second configuration whose queue_directory is the bench queue. Its master is never started,
    // so postqueue finds "the mail system down" and, as root, runs showq over the files itself.
    Path conf = base.resolve("postfix-etc");
    Files.createDirectories(conf);
    Files.copy(Path.of("/etc/postfix/main.cf"), conf.resolve("main.cf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of("/etc/postfix/master.cf"), conf.resolve("master.cf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    run(List.of("postconf", "-c", conf.toString(), "-e", "queue_directory = " + queue, "data_directory = " + base.resolve("postfix-data")));
    // showq drops to the mail owner, who must be able to read the queue, as in a real one.
    run(List.of("chown", "-R", "postfix:postfix", queue.toString()));
    List<String> argv = List.of("postqueue", "-c", conf.toString(), "-j");
    long lines = postqueue(argv); // warm-up
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < Math.max(1, runs); i++) {
      // Each run starts from a collected heap, as a fresh process does: otherwise the runs before
      // leave their messages to a full collection that lands inside one of the timed runs.
      System.gc();
      long t0 = System.nanoTime();
      lines = postqueue(argv);
      times.add((System.nanoTime() - t0) / 1e9);
    }
    double med = median(times);
    out.printf(Locale.ROOT, "postqueue -j (same queue, %d messages listed, envelope only, output discarded): median %.2f s = %,.0f messages/s%n",
        lines, med, lines / med);
    out.printf(Locale.ROOT, "spamtrace reading headers too, against postqueue -j: %.2fx its speed in-process (warm), %.2fx as a "
        + "whole process%n", med / inProcess, med / whole);
  }

  private static long postqueue(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long lines = 0;
    try (var in = p.getInputStream()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            lines++;
          }
        }
      }
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("postqueue timed out");
    }
    return lines;
  }

  private static void run(List<String> argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String o = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(argv + " failed: " + o);
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
