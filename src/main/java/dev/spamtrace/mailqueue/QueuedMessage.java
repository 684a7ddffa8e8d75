package dev.spamtrace.mailqueue;

import java.time.Instant;
import java.util.List;

/**
 * One message waiting in an MTA's queue, read from the queue's own files.
 *
 * <p>Several fields name a user, and each says something different: {@link #script()}'s uid is
 * the owner of the PHP file; {@link #localUid()} is the uid of the process that handed the message
 * to the MTA (Postfix's "from userid N", Exim's spool line 2, qmail's "invoked by uid N");
 * {@link #authUser()} is the SMTP AUTH login.
 *
 * @param mta which mail system
 * @param id the MTA's queue id (Postfix {@code 3A6261BA562}, Exim {@code 1xX58h-00039D-1y}, qmail the inode number)
 * @param queue where it sits: Postfix {@code incoming|active|deferred|hold|maildrop}, Exim {@code input|frozen},
 *     qmail {@code todo|queue|bounce}
 * @param arrival when the MTA accepted it; null when the files do not say
 * @param sender envelope sender; empty string for the null sender ({@code <>}, bounces); null when
 *     the queue files do not say (an envelope file missing, unreadable or cut short): never taken
 *     for a bounce
 * @param recipients envelope recipients with their delay reasons
 * @param size message size in bytes as the MTA counts it
 * @param from the {@code From:} header (decoded), or null
 * @param subject the {@code Subject:} header, RFC 2047 decoded, or null
 * @param script {@code X-PHP-Originating-Script}, or null
 * @param xMailer {@code X-Mailer}, or null
 * @param localUid uid of the local submitter, or null (SMTP)
 * @param localUser its login name (from the MTA, else the root's {@code /etc/passwd}), or null
 * @param authUser SMTP AUTH user, or null
 * @param clientAddress the SMTP client's address, or null for local submissions
 * @param clientName the SMTP client's name as the MTA resolved it, or null
 * @param vhost Plesk's {@code X-PPP-Vhost} (the site that sent it), or null
 * @param messageId {@code Message-ID}, or null
 * @param bulk true when the headers mark list or bulk mail ({@code List-Id}, {@code List-Unsubscribe},
 *     {@code Precedence: bulk|list})
 * @param files the message's files as the server sees them (for archiving and removal)
 * @param senderDomain the envelope sender's domain, lower case, empty for the null sender (derived)
 * @param fromDomain the domain of the address in {@code From:}, lower case, empty when none (derived)
 */
public record QueuedMessage(
    Mta mta,
    String id,
    String queue,
    Instant arrival,
    String sender,
    List<Recipient> recipients,
    long size,
    String from,
    String subject,
    OriginatingScript script,
    String xMailer,
    Integer localUid,
    String localUser,
    String authUser,
    String clientAddress,
    String clientName,
    String vhost,
    String messageId,
    boolean bulk,
    List<String> files,
    String senderDomain,
    String fromDomain) {

  public QueuedMessage {
    sender = RepeatedValues.of(sender);
    recipients = List.copyOf(recipients);
    files = QueueFileList.of(files, id);
    // Values an outbreak repeats in most messages are kept once (RepeatedValues).
    queue = RepeatedValues.of(queue);
    from = RepeatedValues.of(from);
    script = RepeatedValues.of(script);
    xMailer = RepeatedValues.of(xMailer);
    localUser = RepeatedValues.of(localUser);
    authUser = RepeatedValues.of(authUser);
    clientAddress = RepeatedValues.of(clientAddress);
    clientName = RepeatedValues.of(clientName);
    vhost = RepeatedValues.of(vhost);
    senderDomain = RepeatedValues.of(senderDomain);
    fromDomain = RepeatedValues.of(fromDomain);
  }

  /** A message; the domains are derived once here (breakdowns ask for them for every message, many times). */
  public QueuedMessage(Mta mta, String id, String queue, Instant arrival, String sender, List<Recipient> recipients, long size, String from,
      String subject, OriginatingScript script, String xMailer, Integer localUid, String localUser, String authUser, String clientAddress,
      String clientName, String vhost, String messageId, boolean bulk, List<String> files) {
    this(mta, id, queue, arrival, sender, recipients, size, from, subject, script, xMailer, localUid, localUser, authUser, clientAddress,
        clientName, vhost, messageId, bulk, files, MailAddress.domain(sender), MailAddress.domain(MailAddress.inHeader(from)));
  }

  /** True for the null sender ({@code <>}: bounces); false for a sender the files do not give. */
  public boolean nullSender() {
    return sender != null && (sender.isEmpty() || sender.equals("<>"));
  }

  /** The envelope sender as evidence shows it: {@code <address>}, {@code <>} for the null sender, {@code ?} when the files do not say. */
  public String senderShown() {
    return sender == null ? "?" : "<" + sender + ">";
  }

  /** The first delay reason among pending recipients, or null. */
  public String delayReason() {
    for (int i = 0; i < recipients.size(); i++) {
      Recipient r = recipients.get(i);
      if (r.pending() && r.delayReason() != null) {
        return r.delayReason();
      }
    }
    return null;
  }
}
