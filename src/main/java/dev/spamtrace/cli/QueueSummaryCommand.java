package dev.spamtrace.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Lang;
import dev.spamtrace.mailqueue.Dimension;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MailQueues;
import dev.spamtrace.mailqueue.QueueAssessment;
import dev.spamtrace.mailqueue.QueueSnapshot;
import dev.spamtrace.mailqueue.QueueSummary;
import dev.spamtrace.mailqueue.SurgeAnalysis;
import dev.spamtrace.support.Printable;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamtrace queue summary}: totals, top senders/scripts/clients, ages, and why the queue grew. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Summarise every mail queue under the root: totals, top N by sender, script, user, client, recipient domain and "
        + "delay reason, ages, and why it grew.", footer = ExitCode.HELP)
public final class QueueSummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RootOptions roots;
  @Mixin CommonOptions common;

  @Option(names = "--format", paramLabel = "text|json", description = "output format (default text)")
  String format = "text";

  @Option(names = "--top", paramLabel = "N", description = "entries per breakdown (default mailqueue.top)")
  Integer top;

  Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be text or json");
    }
    // The why-the-queue-grew rules load while the configuration is read and the queue read.
    java.util.concurrent.CompletableFuture<SurgeAnalysis> rules = java.util.concurrent.CompletableFuture.supplyAsync(SurgeAnalysis::shipped);
    MailQueueSettings s = common.config().section("mailqueue", MailQueueSettings.class);
    if (top != null) {
      s = new MailQueueSettings(s.threshold(), top, s.maxMessages(), s.maxHeaderBytes(), s.postfixQueueDirectories(),
          s.eximSpoolDirectories(), s.qmailQueueDirectories(), s.qmailConfSplit(), s.ageBuckets(), s.purgeVerdicts(),
          s.postsuperCommand(), s.sendmailCommand(), s.eximCommand(), s.qmailInjectCommand());
    }
    // Several roots (--root '/vz/root/*' on a hardware node) are summarised one after the other.
    List<HostRoot> hostRoots = roots.hostRoots(spec.commandLine());
    Instant now = clock.instant();
    Map<HostRoot, List<QueueAssessment>> all = new LinkedHashMap<>();
    for (HostRoot root : hostRoots) {
      List<QueueAssessment> as = new ArrayList<>();
      for (QueueSnapshot q : MailQueues.read(root, s, now).queues()) {
        as.add(QueueAssessment.of(q, s, rules.join(), now));
      }
      all.put(root, as);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      out.println(json(all));
    } else {
      for (Map.Entry<HostRoot, List<QueueAssessment>> e : all.entrySet()) {
        if (all.size() > 1) {
          out.println("== " + Printable.of(e.getKey().label()));
        }
        out.print(text(e.getKey(), e.getValue(), common.lang()));
      }
    }
    out.flush();
    List<QueueAssessment> flat = all.values().stream().flatMap(List::stream).toList();
    boolean finding = flat.stream().anyMatch(QueueAssessment::isFinding);
    boolean gaps = flat.stream().anyMatch(a -> !a.snapshot().gaps().isEmpty());
    return finding ? ExitCode.FINDINGS : gaps ? ExitCode.PARTIAL : ExitCode.CLEAN;
  }

  /** {@code {"schema", "roots": [{"root", "queues": [...]}]}}: documented in docs/mailqueue.md. */
  static String json(Map<HostRoot, List<QueueAssessment>> all) throws Exception {
    ObjectMapper m = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", "spamtrace.queue-summary/1");
    List<Map<String, Object>> rs = new ArrayList<>();
    for (Map.Entry<HostRoot, List<QueueAssessment>> e : all.entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("root", e.getKey().label());
      r.put("queues", queuesJson(e.getValue()));
      rs.add(r);
    }
    doc.put("roots", rs);
    return m.writeValueAsString(doc);
  }

  private static List<Map<String, Object>> queuesJson(List<QueueAssessment> as) {
    List<Map<String, Object>> qs = new ArrayList<>();
    for (QueueAssessment a : as) {
      QueueSummary s = a.summary();
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("mta", a.snapshot().mta().id());
      q.put("directory", a.snapshot().directory());
      q.put("readAt", a.snapshot().readAt());
      q.put("messages", s.messages());
      q.put("threshold", a.threshold());
      q.put("overThreshold", a.overThreshold());
      q.put("recipients", s.recipients());
      q.put("bytes", s.bytes());
      q.put("byQueue", s.byQueue());
      q.put("oldest", s.oldest());
      q.put("newest", s.newest());
      q.put("busiestTenMinutes", s.busiest() == null ? null : QueueAssessment.ordered("from", s.busiest(), "arrivals", s.busiestCount()));
      q.put("ages", s.ages());
      Map<String, Object> top = new LinkedHashMap<>();
      for (Dimension d : Dimension.values()) {
        top.put(d.id(), s.top().get(d));
      }
      q.put("top", top);
      List<Map<String, Object>> vs = new ArrayList<>();
      for (SurgeAnalysis.Verdict v : a.verdicts()) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("verdict", v.rule().id());
        vm.put("abuse", v.rule().abuse());
        vm.put("focus", v.focus().id());
        vm.put("value", v.value());
        vm.put("messages", v.count());
        vm.put("summary", QueueAssessment.ordered("en", v.summary("en", s.messages()), "ja", v.summary("ja", s.messages())));
        vm.put("measures", v.measures());
        vm.put("examples", v.examples());
        if (v.selector() != null) {
          vm.put("selector", v.selector().describe());
        }
        vs.add(vm);
      }
      q.put("verdicts", vs);
      q.put("gaps", a.snapshot().gaps());
      qs.add(q);
    }
    return qs;
  }

  static String text(HostRoot root, List<QueueAssessment> as, Lang lang) {
    boolean ja = lang == Lang.JA;
    StringBuilder b = new StringBuilder();
    if (as.isEmpty()) {
      b.append(ja ? "ルート " : "No Postfix, Exim or qmail queue under ").append(Printable.of(root.label()))
          .append(ja ? " 配下にメールキューはありません。\n" : ".\n");
      return b.toString();
    }
    DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    for (QueueAssessment a : as) {
      QueueSummary s = a.summary();
      String mta = QueueAssessment.mtaName(a.snapshot().mta());
      b.append(ja ? String.format("%s キュー %s: %d 通 (宛先 %d, %s)%s%n", mta, Printable.of(a.snapshot().directory()), s.messages(),
          s.recipients(), bytes(s.bytes()), a.overThreshold() ? " しきい値 " + a.threshold() + " 超過" : "")
          : String.format("%s queue %s: %d messages (%d recipients, %s)%s%n", mta, Printable.of(a.snapshot().directory()), s.messages(),
              s.recipients(), bytes(s.bytes()), a.overThreshold() ? ", over the threshold of " + a.threshold() : ""));
      b.append("  ").append(ja ? "キュー別: " : "by queue: ").append(s.byQueue()).append('\n');
      if (s.oldest() != null) {
        b.append("  ").append(ja ? "到着: " : "arrivals: ").append(t.format(s.oldest())).append(" .. ").append(t.format(s.newest()))
            .append(ja ? "  最多の10分間: " : "  busiest ten minutes: ").append(t.format(s.busiest())).append(" (")
            .append(s.busiestCount()).append(")\n");
      }
      b.append("  ").append(ja ? "滞留時間: " : "ages: ").append(s.ages()).append('\n');
      if (!a.verdicts().isEmpty()) {
        b.append(ja ? "  滞留の原因:\n" : "  why it grew:\n");
        for (SurgeAnalysis.Verdict v : a.verdicts()) {
          b.append("   * [").append(v.rule().id()).append("] ").append(Printable.of(v.summary(ja ? "ja" : "en", s.messages()))).append('\n');
          if (v.selector() != null) {
            b.append(ja ? "     削除 (ドライラン): spamtrace queue purge --" : "     purge (dry run): spamtrace queue purge --")
                .append(v.selector().kind().id()).append(' ').append(Printable.of(shellWord(v.value()))).append('\n');
          }
        }
      }
      for (Dimension d : Dimension.values()) {
        List<QueueSummary.Count> top = s.top().get(d);
        if (top.isEmpty()) {
          continue;
        }
        b.append("  ").append(ja ? d.ja() : d.id()).append(" (").append(s.distinct().get(d)).append(")\n");
        for (QueueSummary.Count c : top) {
          b.append(String.format("    %7d  %s%n", c.count(), Printable.clip(c.key(), 100)));
        }
      }
      if (!a.snapshot().gaps().isEmpty()) {
        b.append(ja ? "  読めなかったもの (" : "  could not read (").append(a.snapshot().gaps().size()).append("):\n");
        a.snapshot().gaps().stream().limit(10).forEach(g -> b.append("    ").append(Printable.of(g.path())).append(": ")
            .append(Printable.of(g.reason())).append('\n'));
      }
    }
    return b.toString();
  }

  /** A value shown as a command-line word: quoted unless plainly safe (it is only printed, never run). */
  static String shellWord(String v) {
    return v.matches("[A-Za-z0-9@._+/:=-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
  }

  static String bytes(long n) {
    return n >= 10L << 20 ? (n >> 20) + " MiB" : n >= 10L << 10 ? (n >> 10) + " KiB" : n + " B";
  }
}
