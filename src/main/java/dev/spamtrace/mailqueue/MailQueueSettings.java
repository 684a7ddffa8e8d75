package dev.spamtrace.mailqueue;

import java.util.List;

/**
 * The {@code mailqueue} section (documented in {@code config/spamtrace.yml}).
 *
 * @param threshold queued messages at or above which {@code mail-queue-surge} is reported
 * @param top how many entries each "top N" breakdown lists
 * @param maxMessages stop reading a queue after this many messages (the rest is reported as a gap)
 * @param maxHeaderBytes bytes of each message read for its headers
 * @param postfixQueueDirectories where Postfix queues may be ({@code queue_directory})
 * @param eximSpoolDirectories where Exim spools may be ({@code spool_directory})
 * @param qmailQueueDirectories where qmail queues may be
 * @param qmailConfSplit qmail's {@code conf-split} (hashed subdirectories of mess/info/local/remote)
 * @param ageBuckets upper bounds, in minutes, of the age histogram's buckets
 * @param purgeVerdicts verdicts for which the plan purges the suspect messages
 * @param postsuperCommand Postfix's postsuper (argv prefix)
 * @param sendmailCommand Postfix's sendmail, used by undo to re-inject (argv prefix)
 * @param eximCommand the exim binary, with {@code -C FILE} when not the system's (argv prefix)
 * @param qmailInjectCommand qmail-inject, used by undo to re-inject (argv prefix)
 */
public record MailQueueSettings(
    int threshold,
    int top,
    int maxMessages,
    int maxHeaderBytes,
    List<String> postfixQueueDirectories,
    List<String> eximSpoolDirectories,
    List<String> qmailQueueDirectories,
    int qmailConfSplit,
    List<Integer> ageBuckets,
    List<String> purgeVerdicts,
    List<String> postsuperCommand,
    List<String> sendmailCommand,
    List<String> eximCommand,
    List<String> qmailInjectCommand) {}
