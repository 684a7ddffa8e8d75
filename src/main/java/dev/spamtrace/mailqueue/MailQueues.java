package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.exim.EximSpool;
import dev.spamtrace.mailqueue.postfix.PostfixQueue;
import dev.spamtrace.mailqueue.qmail.QmailQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Finds every MTA queue under a root (Postfix, Exim, qmail: a server may hold more than one) and reads it. */
public final class MailQueues {
  private MailQueues() {}

  public static List<QueueReader> readers() {
    return List.of(new PostfixQueue(), new EximSpool(), new QmailQueue());
  }

  /** Every queue found, read; an empty list when the root has none. */
  public static QueueSnapshots read(HostRoot root, MailQueueSettings settings, Instant now) {
    LocalAccounts accounts = LocalAccounts.read(root);
    List<QueueSnapshot> out = new ArrayList<>();
    for (QueueReader r : readers()) {
      for (String dir : r.find(root, settings)) {
        out.add(r.read(root, dir, settings, accounts, now));
      }
    }
    return new QueueSnapshots(out);
  }
}
