package dev.spamtrace.logs;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Reads many log files on a few threads (one parser each) and keeps the events a predicate
 * selects; every other line is only counted. What the inspector and {@code bench logs} run.
 */
public final class LogScan {
  /** What one file gave. */
  public record FileResult(LogFile file, List<LogEvent> kept, LogStats stats, String error, boolean partial) {}

  private final LogRules rules;
  private final ZoneId zone;
  private final int maxLineBytes;
  private final long maxFileBytes;
  private final int threads;

  public LogScan(LogRules rules, ZoneId zone, int maxLineBytes, long maxFileBytes, int threads) {
    this.rules = rules;
    this.zone = zone;
    this.maxLineBytes = maxLineBytes;
    this.maxFileBytes = maxFileBytes;
    this.threads = Math.max(1, threads);
  }

  /**
   * Reads the files, keeping at most {@code budget} events in all (the budget is shared; what is
   * over it is dropped and the result says so through {@link AtomicInteger} going negative).
   */
  public List<FileResult> scan(List<LogFile> files, Predicate<ParsedLine> keep, AtomicInteger budget) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())), r -> {
      Thread t = new Thread(r, "spamtrace-logs");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<FileResult>> futures = new ArrayList<>();
      for (LogFile f : files) {
        futures.add(pool.submit(() -> one(f, keep, budget)));
      }
      List<FileResult> out = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          out.add(new FileResult(files.get(i), List.of(), new LogStats(), String.valueOf(e.getCause()), false));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.add(new FileResult(files.get(i), List.of(), new LogStats(), "interrupted", false));
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private FileResult one(LogFile f, Predicate<ParsedLine> keep, AtomicInteger budget) {
    LineParser parser = f.formats().isEmpty() ? rules.parser() : rules.parser(f.formats());
    LogStats stats = new LogStats();
    List<LogEvent> kept = new ArrayList<>();
    TimeContext ctx = new TimeContext(zone, f.modified());
    LogReader reader = new LogReader(parser, maxLineBytes, stats);
    try (InputStream in = LogFiles.open(f.local(), maxFileBytes)) {
      reader.read(in, (line, lineNo) -> {
        if (keep.test(line) && budget.getAndDecrement() > 0) {
          kept.add(line.toEvent(f.serverPath(), lineNo, ctx));
        }
      });
      boolean partial = in instanceof LogFiles.BoundedInputStream b ? b.hitLimit() : LogFiles.truncated(f, maxFileBytes);
      return new FileResult(f, kept, stats, null, partial);
    } catch (IOException | RuntimeException e) {
      return new FileResult(f, kept, stats, e.getMessage() == null ? e.toString() : e.getMessage(), false);
    }
  }
}
