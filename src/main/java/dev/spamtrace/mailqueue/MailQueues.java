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
    // The readers' parallel streams run in a pool of twice as many threads as cores: reading a
    // queue is a few hundred thousand system calls that also wait in the kernel, and with one
    // thread per core the cores idled (100k Postfix messages: read 2.9-3.3 s with 2 threads,
    // 2.3-2.6 s with 4 on 2 cores).
    // (At most 16: a big server's cores would only add buffers, not speed, on one folder's files.)
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));
    try {
      return pool.submit(() -> readAll(root, settings, now)).join();
    } finally {
      pool.shutdown();
    }
  }

  private static QueueSnapshots readAll(HostRoot root, MailQueueSettings settings, Instant now) {
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
