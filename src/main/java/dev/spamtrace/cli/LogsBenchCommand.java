package dev.spamtrace.cli;

import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogFile;
import dev.spamtrace.logs.LogRules;
import dev.spamtrace.logs.LogScan;
import dev.spamtrace.logs.LogStats;
import dev.spamtrace.logs.LogsInspector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamtrace bench logs}: generates access logs and FTP/mail logs of a given size, reads them
 * the way the logs inspector does, and runs {@code grep -c} over the same files and
 * {@code fail2ban-regex} over a slice, printing the figures side by side with the load average.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Benchmark the log readers against grep -c and fail2ban-regex on generated logs.")
public final class LogsBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "where to write the generated logs (default: a new folder under /var/tmp, removed after)")
  Path dir;

  @Option(names = "--web-mb", description = "MiB of access logs (default 1024)")
  int webMb = 1024;

  @Option(names = "--mail-mb", description = "MiB of FTP and mail logs (default 1024)")
  int mailMb = 1024;

  @Option(names = "--fail2ban-mb", description = "MiB slice given to fail2ban-regex (default 100; 0 to skip)")
  int fail2banMb = 100;

  @Option(names = "--threads", description = "reader threads (default: the number of cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--keep", description = "keep the generated logs")
  boolean keep;

  private static final int WEB_FILES = 8;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path work = dir != null ? dir : Files.createTempDirectory(Path.of("/var/tmp"), "spamtrace-bench-logs-");
    Files.createDirectories(work);
    try {
      out.printf("generating %d MiB of access logs and %d MiB of FTP/mail logs in %s …%n", webMb, mailMb, work);
      out.flush();
      List<Path> web = new ArrayList<>();
      for (int i = 0; i < WEB_FILES; i++) {
        Path p = work.resolve("access_log." + i);
        generateAccess(p, (long) webMb * 1024 * 1024 / WEB_FILES, 17 + i);
        web.add(p);
      }
      List<Path> mail = new ArrayList<>();
      long mailBytes = (long) mailMb * 1024 * 1024;
      mail.add(generate(work.resolve("maillog"), mailBytes * 45 / 100, 1, LogsBenchCommand::postfixLine));
      mail.add(generate(work.resolve("exim_mainlog"), mailBytes * 20 / 100, 2, LogsBenchCommand::eximLine));
      mail.add(generate(work.resolve("vsftpd.log"), mailBytes * 20 / 100, 3, LogsBenchCommand::vsftpdLine));
      mail.add(generate(work.resolve("xferlog"), mailBytes * 15 / 100, 4, LogsBenchCommand::xferLine));
      out.println("input: " + WEB_FILES + " combined-format access logs (random client addresses; 90% GET, 10% POST to three hot PHP paths);");
      out.println("       maillog (Postfix: smtpd/cleanup/qmgr/smtp/pickup, 1 in 20 with SASL), exim_mainlog (<=, =>, cwd=, Completed),");
      out.println("       vsftpd.log (CONNECT/LOGIN/UPLOAD) and xferlog; every line of a kind the rules know.");

      String load0 = loadAverage();
      Result ours = ours(web, List.of("web-access"), mail);
      Result grepWeb = grep("POST", web);
      Result grepMail = grep("uid=", mail);
      out.println();
      out.printf("load average before: %s   after: %s   cores: %d%n", load0, loadAverage(), Runtime.getRuntime().availableProcessors());
      out.printf("%-44s %10s %10s %10s%n", "", "MiB", "seconds", "MiB/s");
      row(out, "spamtrace (access + FTP/mail, " + threads + " threads)", ours);
      out.printf("  peak memory (VmHWM of the reading JVM): %d MiB; lines: %s%n", ours.peakMiB, ours.note);
      Result grepAll = new Result(grepWeb.mib + grepMail.mib, grepWeb.seconds + grepMail.seconds, -1, "");
      row(out, "grep -c (same files, one after the other)", grepAll);
      out.printf("  grep -c -F POST on the access logs: %.2f s (%s); grep -c -F uid= on the FTP/mail logs: %.2f s (%s)%n",
          grepWeb.seconds, grepWeb.note, grepMail.seconds, grepMail.note);
      out.printf("  ratio spamtrace / grep -c time: %.2fx%n", ours.seconds / grepAll.seconds);
      if (fail2banMb > 0) {
        Path slice = work.resolve("slice.log");
        copyHead(web.get(0), slice, (long) fail2banMb * 1024 * 1024);
        Result oursSlice = ours(List.of(slice), List.of("web-access"), List.of());
        Result f2b = fail2ban(slice);
        row(out, "spamtrace on the " + fail2banMb + " MiB slice", oursSlice);
        row(out, "fail2ban-regex on the slice (POST to .php)", f2b);
        if (f2b.seconds > 0) {
          out.printf("  ratio fail2ban-regex / spamtrace time: %.1fx%n", f2b.seconds / oursSlice.seconds);
        }
      }
      out.printf("load average at the end: %s%n", loadAverage());
      out.flush();
      return ExitCode.CLEAN;
    } finally {
      if (!keep && dir == null) {
        try (var s = Files.list(work)) {
          for (Path p : s.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(work);
      }
    }
  }

  record Result(double mib, double seconds, long peakMiB, String note) {}

  private static void row(PrintWriter out, String what, Result r) {
    out.printf("%-44s %10.0f %10.2f %10.1f%n", what, r.mib, r.seconds, r.seconds > 0 ? r.mib / r.seconds : 0);
  }

  private Result ours(List<Path> web, List<String> webFormats, List<Path> mail) throws IOException {
    resetPeakMemory();
    List<LogFile> webFiles = files(web, webFormats);
    List<LogFile> mailFiles = files(mail, List.of());
    long bytes = 0;
    for (LogFile f : webFiles) {
      bytes += f.size();
    }
    for (LogFile f : mailFiles) {
      bytes += f.size();
    }
    // the inspector's own limits (config/spamtrace.yml, section logs)
    dev.spamtrace.logs.LogsSettings settings = dev.spamtrace.config.Config.defaults().section("logs", dev.spamtrace.logs.LogsSettings.class);
    AtomicInteger budget = new AtomicInteger(settings.maxKeptEvents());
    LogScan scan = new LogScan(LogRules.shipped(), ZoneOffset.UTC, settings.maxLineBytes(), settings.maxFileBytes(), threads);
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    LogStats stats = new LogStats();
    int kept = 0;
    for (LogScan.FileResult r : scan.scan(mailFiles, LogsInspector::keepFromFtpAndMail, budget)) {
      stats.add(r.stats());
      kept += r.kept().size();
    }
    for (LogScan.FileResult r : scan.scan(webFiles, p -> p.kind() == EventKind.WEB_REQUEST && p.fieldIs("method", "POST"), budget)) {
      stats.add(r.stats());
      kept += r.kept().size();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    return new Result(bytes / 1048576.0, secs, BenchCommand.peakRssMiB(),
        String.format(Locale.ROOT, "recognised %d, unrecognised %d, malformed %d, events kept %d; CPU %.1f s (%.0f MiB per CPU second)",
            stats.recognised(), stats.unrecognised(), stats.malformed(), kept, cpu, bytes / 1048576.0 / cpu));
  }

  private static List<LogFile> files(List<Path> paths, List<String> formats) throws IOException {
    List<LogFile> out = new ArrayList<>();
    for (Path p : paths) {
      out.add(new LogFile(p.toString(), p, Files.size(p), Files.getLastModifiedTime(p).toInstant(), formats, p.toString()));
    }
    return out;
  }

  private static Result grep(String literal, List<Path> files) throws Exception {
    long bytes = 0;
    for (Path p : files) {
      bytes += Files.size(p);
    }
    List<String> argv = new ArrayList<>(List.of("grep", "-c", "-F", "-H", literal));
    files.forEach(p -> argv.add(p.toString()));
    long t0 = System.nanoTime();
    Process pr = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    pr.waitFor(30, TimeUnit.MINUTES);
    double secs = (System.nanoTime() - t0) / 1e9;
    long count = 0;
    for (String l : output.split("\n")) {
      int colon = l.lastIndexOf(':');
      if (colon > 0 && l.substring(colon + 1).matches("\\d+")) {
        count += Long.parseLong(l.substring(colon + 1));
      }
    }
    if (pr.exitValue() > 1) {
      return new Result(bytes / 1048576.0, -1, -1, "grep failed: " + output.strip());
    }
    return new Result(bytes / 1048576.0, secs, -1, count + " lines with " + literal);
  }

  private static Result fail2ban(Path slice) throws Exception {
    if (!RealExecutable.onPath("fail2ban-regex")) {
      return new Result(Files.size(slice) / 1048576.0, -1, -1, "fail2ban-regex not installed");
    }
    long t0 = System.nanoTime();
    Process pr = new ProcessBuilder("fail2ban-regex", "--datepattern", "^[^\\[]*\\[({DATE})", slice.toString(),
        "^<HOST> -[^\"]*\"POST /[^ \"]*\\.php")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    pr.waitFor(60, TimeUnit.MINUTES);
    return new Result(Files.size(slice) / 1048576.0, (System.nanoTime() - t0) / 1e9, -1, "");
  }

  /** Where a program is, for the optional baselines. */
  static final class RealExecutable {
    static boolean onPath(String name) {
      for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
        if (Files.isExecutable(Path.of(d, name))) {
          return true;
        }
      }
      return false;
    }
  }

  private static void copyHead(Path from, Path to, long bytes) throws IOException {
    try (var in = Files.newInputStream(from); var o = Files.newOutputStream(to)) {
      byte[] buf = new byte[1 << 20];
      long left = bytes;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        o.write(buf, 0, n);
        left -= n;
      }
      // finish the last line
      int c;
      while ((c = in.read()) >= 0) {
        o.write(c);
        if (c == '\n') {
          break;
        }
      }
    }
  }

  /** CPU time of this JVM (all threads, GC included), or 0 when the platform does not say. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static void resetPeakMemory() {
    System.gc();
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM (proc(5))
    } catch (IOException | RuntimeException e) {
      // not Linux: the peak includes generation
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  // ---- generation (deterministic) ----

  interface LineMaker {
    String line(Random r, long i, Instant t);
  }

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
  private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String[] PATHS = {"/", "/index.php", "/css/style.css", "/images/logo.png", "/contact.php", "/wp-login.php",
    "/products/list.php?page=2", "/js/app.js", "/favicon.ico", "/about.html"};
  private static final String[] HOT = {"/css/css.php", "/mail/stats34.php", "/images/c0nfig.php"};
  private static final String[] UA = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64)", "curl/7.88.1"};

  private static String addr(Random r) {
    return (1 + r.nextInt(220)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(8));
  }

  private static void generateAccess(Path p, long bytes, long seed) throws IOException {
    generate(p, bytes, seed, (r, i, t) -> {
      boolean post = r.nextInt(10) == 0;
      String path = post ? HOT[r.nextInt(HOT.length)] : PATHS[r.nextInt(PATHS.length)];
      return addr(r) + " - - [" + CLF.format(ZonedDateTime.ofInstant(t, ZoneId.of("Asia/Tokyo"))) + "] \"" + (post ? "POST " : "GET ") + path
          + " HTTP/1.1\" " + (r.nextInt(20) == 0 ? 404 : 200) + " " + r.nextInt(60000) + " \"-\" \"" + UA[r.nextInt(UA.length)] + "\"";
    });
  }

  private static Path generate(Path p, long bytes, long seed, LineMaker maker) throws IOException {
    Random r = new Random(seed);
    long written = 0;
    long i = 0;
    try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      while (written < bytes) {
        Instant t = START.plusMillis(i * 37);
        String line = maker.line(r, i++, t);
        w.write(line);
        w.write('\n');
        written += line.length() + 1;
      }
    }
    return p;
  }

  private static String qid(Random r) {
    return String.format(Locale.ROOT, "%011X", r.nextLong() & 0xFFFFFFFFFFFL);
  }

  private static String postfixLine(Random r, long i, Instant t) {
    String ts = SYSLOG.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)) + " mail ";
    String q = qid(r);
    return switch ((int) (i % 6)) {
      case 0 -> ts + "postfix/smtpd[" + (1000 + r.nextInt(9000)) + "]: " + q + ": client=unknown[" + addr(r) + "]"
          + (r.nextInt(20) == 0 ? ", sasl_method=LOGIN, sasl_username=user" + r.nextInt(300) + "@example.com" : "");
      case 1 -> ts + "postfix/cleanup[" + (1000 + r.nextInt(9000)) + "]: " + q + ": message-id=<" + r.nextInt(1 << 30) + "@example.com>";
      case 2 -> ts + "postfix/qmgr[2210]: " + q + ": from=<sender" + r.nextInt(500) + "@example.org>, size=" + r.nextInt(90000) + ", nrcpt=1 (queue active)";
      case 3 -> ts + "postfix/smtp[" + (1000 + r.nextInt(9000)) + "]: " + q + ": to=<rcpt" + r.nextInt(9999) + "@example.net>, relay=mx.example.net["
          + addr(r) + "]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as " + qid(r) + ")";
      case 4 -> ts + "postfix/pickup[2209]: " + q + ": uid=" + (r.nextInt(4) == 0 ? 48 : 10000 + r.nextInt(50)) + " from=<www-data>";
      default -> ts + "postfix/qmgr[2210]: " + q + ": removed";
    };
  }

  private static String eximLine(Random r, long i, Instant t) {
    String ts = ISO.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)) + " [" + (1000 + r.nextInt(9000)) + "] ";
    String id = "1x" + Long.toString(1_000_000_000L + r.nextInt(1_000_000_000), 36).substring(0, 4) + "-000" + (100 + r.nextInt(899)) + "-" + (10 + r.nextInt(89));
    return switch ((int) (i % 4)) {
      case 0 -> ts + "cwd=/home/user" + r.nextInt(80) + "/public_html 3 args: /usr/sbin/sendmail -t -i";
      case 1 -> ts + id + " <= user" + r.nextInt(80) + "@example.com U=user" + r.nextInt(80) + " P=local S=" + r.nextInt(9000)
          + " T=\"Invoice " + r.nextInt(99999) + "\" for rcpt" + r.nextInt(9999) + "@example.net";
      case 2 -> ts + id + " => rcpt" + r.nextInt(9999) + "@example.net R=dkim_lookuphost T=remote_smtp H=mx.example.net [" + addr(r) + "] C=\"250 OK\"";
      default -> ts + id + " Completed";
    };
  }

  private static String vsftpdLine(Random r, long i, Instant t) {
    String ts = CTIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)) + " [pid " + (1000 + r.nextInt(9000)) + "] ";
    String a = addr(r);
    String u = "user" + r.nextInt(200);
    return switch ((int) (i % 4)) {
      case 0 -> ts + "CONNECT: Client \"" + a + "\"";
      case 1 -> ts + "[" + u + "] " + (r.nextInt(5) == 0 ? "FAIL" : "OK") + " LOGIN: Client \"" + a + "\"";
      case 2 -> ts + "[" + u + "] OK UPLOAD: Client \"" + a + "\", \"/httpdocs/img/p" + r.nextInt(99999) + ".jpg\", " + r.nextInt(999999) + " bytes, 812.33Kbyte/sec";
      default -> ts + "[" + u + "] OK DOWNLOAD: Client \"" + a + "\", \"/httpdocs/index.html\", " + r.nextInt(99999) + " bytes, 1022.10Kbyte/sec";
    };
  }

  private static String xferLine(Random r, long i, Instant t) {
    return CTIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC)) + " " + r.nextInt(5) + " " + addr(r) + " " + r.nextInt(999999)
        + " /var/www/vhosts/site" + r.nextInt(300) + ".example/httpdocs/img/p" + r.nextInt(99999) + ".jpg b _ " + (i % 3 == 0 ? "o" : "i")
        + " r user" + r.nextInt(200) + " ftp 0 * c";
  }
}
