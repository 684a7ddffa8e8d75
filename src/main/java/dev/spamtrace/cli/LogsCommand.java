package dev.spamtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamtrace.logs.LineParser;
import dev.spamtrace.logs.LogFiles;
import dev.spamtrace.logs.LogReader;
import dev.spamtrace.logs.LogRules;
import dev.spamtrace.logs.LogStats;
import dev.spamtrace.logs.ParsedLine;
import dev.spamtrace.logs.TimeContext;
import dev.spamtrace.support.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spamtrace logs …}: the log readers on their own, for an operator meeting a new server. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Read log files with spamtrace's log rules.")
public final class LogsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code spamtrace logs parse FILE…}. */
  @Command(name = "parse", mixinStandardHelpOptions = true,
      description = "Print the events recognised in log files (plain or gzip), and with --stats how many lines each format recognised.",
      footer = ExitCode.HELP)
  public static final class Parse implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "log files (gzip is read by its content)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "auto|NAME", description = "read with one format only (default auto: every format)")
    String format = "auto";

    @Option(names = "--json", description = "one JSON object per event")
    boolean json;

    @Option(names = "--stats", description = "end with one line per format and 'total: recognised=N unrecognised=N malformed=N'")
    boolean stats;

    @Option(names = {"-q", "--quiet"}, description = "print no events (with --stats: the counts only)")
    boolean quiet;

    @Option(names = "--unrecognised", description = "also print the lines no pattern recognised, and why malformed ones were")
    boolean unrecognised;

    @Option(names = "--zone", paramLabel = "ZONE", description = "zone of stamps written without one (default: this machine's)")
    String zone;

    @Option(names = "--max-line-bytes", paramLabel = "N", description = "longer lines are malformed (default 65536)")
    int maxLineBytes = 65536;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      LogRules rules = LogRules.shipped();
      LineParser parser;
      try {
        parser = "auto".equals(format) ? rules.parser() : rules.parser(List.of(format));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      ZoneId z;
      try {
        z = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw new ParameterException(spec.commandLine(), "unknown zone " + Printable.of(zone));
      }
      LogStats total = new LogStats();
      ObjectMapper mapper = new ObjectMapper();
      boolean allRead = true;
      for (Path file : files) {
        String name = file.toString();
        Instant mtime;
        try {
          mtime = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
          err.println("spamtrace: cannot read " + Printable.of(name) + ": " + e.getMessage());
          allRead = false;
          continue;
        }
        TimeContext ctx = new TimeContext(z, mtime);
        LogReader reader = new LogReader(parser, maxLineBytes, total);
        try (InputStream in = LogFiles.open(file, Long.MAX_VALUE)) {
          reader.read(in, new LogReader.Sink() {
            @Override
            public void recognised(ParsedLine p, long lineNo) {
              if (quiet) {
                return;
              }
              if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("source", name);
                o.put("line", lineNo);
                Instant t = p.time(ctx);
                o.put("time", t == null ? null : t.toString());
                o.put("format", p.format());
                o.put("pattern", p.patternId());
                o.put("event", p.kind().id());
                ObjectNode f = o.putObject("fields");
                p.fields().forEach(f::put);
                o.put("text", p.text());
                out.println(o.toString());
              } else {
                StringBuilder b = new StringBuilder();
                Instant t = p.time(ctx);
                b.append(Printable.of(name)).append(':').append(lineNo).append(' ').append(t == null ? "-" : t.toString())
                    .append(' ').append(p.kind().id()).append(' ').append(p.patternId());
                for (Map.Entry<String, String> e : p.fields().entrySet()) {
                  b.append(' ').append(e.getKey()).append('=').append(Printable.of(e.getValue()));
                }
                out.println(b);
              }
            }

            @Override
            public void unrecognised(String line, long lineNo, String fmt) {
              if (unrecognised && !quiet) {
                out.println(Printable.of(name) + ":" + lineNo + " unrecognised" + (fmt == null ? "" : " (" + fmt + ")") + ": "
                    + Printable.clip(line, 300));
              }
            }

            @Override
            public void malformed(long lineNo, String why) {
              if (unrecognised && !quiet) {
                out.println(Printable.of(name) + ":" + lineNo + " malformed: " + why);
              }
            }
          });
        } catch (IOException e) {
          err.println("spamtrace: cannot read " + Printable.of(name) + ": " + e.getMessage());
          allRead = false;
        }
      }
      if (stats) {
        out.print(total.render());
      }
      out.flush();
      err.flush();
      return allRead ? ExitCode.CLEAN : ExitCode.PARTIAL;
    }
  }
}
