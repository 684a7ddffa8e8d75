package dev.spamtrace.mailqueue;

import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Inspector;
import dev.spamtrace.incident.Text;
import java.time.Instant;

/**
 * The mail queue: reads every Postfix, Exim and qmail queue under the root from its files,
 * publishes them ({@link QueueSnapshots}) for correlators, and reports {@code mail-queue-surge}
 * with the breakdowns and why the queue grew. Unreadable or broken queue files are gaps.
 */
public final class MailQueueInspector implements Inspector {
  /** Individual gaps reported per queue; the rest are counted in one. */
  static final int MAX_GAPS = 25;

  @Override
  public String id() {
    return "mailqueue";
  }

  @Override
  public InspectionResult inspect(InspectionContext ctx) {
    MailQueueSettings s = ctx.config().section("mailqueue", MailQueueSettings.class);
    Instant now = ctx.clock().instant();
    QueueSnapshots queues = MailQueues.read(ctx.root(), s, now);
    ctx.artifacts().put(QueueSnapshots.class, queues);
    if (queues.queues().isEmpty()) {
      return InspectionResult.notApplicable(id(), Text.of("no Postfix, Exim or qmail queue under the root",
          "ルート配下に Postfix・Exim・qmail のキューはありません"));
    }
    InspectionResult.Collector c = InspectionResult.collector(id());
    SurgeAnalysis analysis = SurgeAnalysis.shipped();
    LocalAccounts accounts = LocalAccounts.read(ctx.root());
    for (QueueSnapshot q : queues.queues()) {
      String mta = QueueAssessment.mtaName(q.mta());
      c.covered(Text.of("%s queue %s", "%s キュー %s", mta, q.directory()), q.messages().size());
      int n = 0;
      for (QueueSnapshot.QueueGap g : q.gaps()) {
        if (++n > MAX_GAPS) {
          break;
        }
        c.gap(g.path(), Text.of("%s", "%s", g.reason()));
      }
      if (q.gaps().size() > MAX_GAPS) {
        c.gap(q.directory(), Text.of("%d more queue files could not be read or made sense of",
            "他に %d 件のキューファイルを読めないか解釈できませんでした", q.gaps().size() - MAX_GAPS));
      }
      QueueAssessment a = QueueAssessment.of(q, s, analysis, now);
      if (a.isFinding()) {
        c.finding(a.finding(ctx.server(), accounts));
      }
    }
    return c.build();
  }
}
