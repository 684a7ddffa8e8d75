package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.zones.QueryName;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customer domains other findings tie to the spam, to check on the domain lists (DBL, SURBL,
 * URIBL): the sender and From domains a mail-queue surge judged abusive (evidence {@code verdicts}:
 * {@code focus} {@code sender-domain}/{@code from-domain}, {@code abuse} true, {@code value}), and the
 * {@code domain} of a malicious file or a POST burst (the site that held the mailer). Only plain
 * domain names pass; anything else in the evidence is ignored.
 */
public final class SpamDomains {
  private SpamDomains() {}

  public static List<String> from(List<Finding> findings) {
    Set<String> out = new LinkedHashSet<>();
    for (Finding f : findings) {
      if (f.kind() == FindingKind.MAIL_QUEUE_SURGE && f.evidence().get("verdicts") instanceof List<?> verdicts) {
        for (Object v : verdicts) {
          if (v instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("abuse"))
              && ("sender-domain".equals(m.get("focus")) || "from-domain".equals(m.get("focus"))) && m.get("value") instanceof String d) {
            add(out, d);
          }
        }
      }
      if ((f.kind() == FindingKind.MALICIOUS_FILE || f.kind() == FindingKind.POST_BURST || f.kind() == FindingKind.MAIL_QUEUE_SURGE)
          && f.evidence().get("domain") instanceof String d) {
        add(out, d);
      }
    }
    return List.copyOf(out);
  }

  private static void add(Set<String> out, String d) {
    String n = QueryName.normaliseDomain(d);
    if (n != null) {
      out.add(n);
    }
  }
}
