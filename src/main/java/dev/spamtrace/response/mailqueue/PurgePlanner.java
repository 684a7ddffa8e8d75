package dev.spamtrace.response.mailqueue;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.mailqueue.MailQueueSettings;
import dev.spamtrace.mailqueue.MessageSelector;
import dev.spamtrace.mailqueue.Mta;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans a purge for each abuse verdict of a {@code mail-queue-surge} finding whose id is listed in
 * {@code mailqueue.purge-verdicts} (an uploaded mailer, contact-form abuse, a cracked mailbox,
 * backscatter): the verdict's own selector (the script, the user, the null sender) picks the
 * messages. Legitimate causes (a congested destination, a mailing list) are never purged.
 */
public final class PurgePlanner implements Planner {
  @Override
  public int order() {
    return Order.PURGE_MAIL;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<Action> plan(List<Finding> findings, HostRoot root, Config config) {
    MailQueueSettings s = config.section("mailqueue", MailQueueSettings.class);
    List<Action> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.kind() != FindingKind.MAIL_QUEUE_SURGE || !(f.evidence().get("verdicts") instanceof List<?> vs)) {
        continue;
      }
      Mta mta = Mta.parse(String.valueOf(f.evidence().get("mta")));
      String dir = String.valueOf(f.evidence().get("queue-directory"));
      for (Object o : vs) {
        if (!(o instanceof Map<?, ?> v) || !s.purgeVerdicts().contains(String.valueOf(v.get("verdict")))
            || !(v.get("selector") instanceof Map<?, ?> sel)) {
          continue;
        }
        MessageSelector selector = MessageSelector.of(MessageSelector.Kind.fromId(String.valueOf(sel.get("kind"))),
            String.valueOf(sel.get("value")));
        int expected = v.get("messages") instanceof Number n ? n.intValue() : 0;
        out.add(new PurgeQueuedMail(mta, dir, selector, expected, List.of(f.id())));
      }
    }
    return out;
  }
}
