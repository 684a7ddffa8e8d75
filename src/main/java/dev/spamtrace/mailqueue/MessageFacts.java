package dev.spamtrace.mailqueue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the queue readers take from a message's headers, the same way for every MTA.
 *
 * @param from {@code From:}, decoded
 * @param subject {@code Subject:}, decoded
 * @param script {@code X-PHP-Originating-Script}
 * @param xMailer {@code X-Mailer}
 * @param messageId {@code Message-ID}
 * @param vhost Plesk's {@code X-PPP-Vhost}
 * @param bulk list or bulk mail
 * @param receivedUid the uid in the MTA's own first {@code Received:} line: Postfix's
 *     "(Postfix, from userid 33)", qmail's "(qmail 123 invoked by uid 48)"; null otherwise
 * @param receivedClient qmail-smtpd's client address in {@code Received: from … (HELO …) (1.2.3.4)}; null otherwise
 */
public record MessageFacts(
    String from, String subject, OriginatingScript script, String xMailer, String messageId, String vhost, boolean bulk,
    Integer receivedUid, String receivedClient) {

  // Postfix cleanup(8): "Received: by HOST (Postfix, from userid N)": see postfixUserid.
  // qmail-queue(8): "Received: (qmail PID invoked by uid UID); DATE".
  // qmail-smtpd(8): "Received: from NAME (HELO helo) (ADDRESS)\n  by HOST with SMTP; DATE"; the
  // address may carry a remote user ("(user@1.2.3.4)") when TCPREMOTEINFO is set.
  private static final Pattern QMAIL_SMTP_CLIENT =
      Pattern.compile("^from \\S+(?: \\(HELO [^()]*\\))? \\((?:[^()@\\s]*@)?([0-9A-Fa-f:.]{3,45})\\)\\s+by ");

  /** The header fields these facts come from (lower case), for {@code MailHeaders.parse(…, WANTED)}. */
  public static final java.util.Set<String> WANTED = java.util.Set.of("received", "from", "subject", "x-php-originating-script",
      "x-mailer", "message-id", "x-ppp-vhost", "list-id", "list-unsubscribe", "precedence");

  /** Header names are asked for as the {@link #WANTED} literals: parsed for them, fields match by identity. */
  public static MessageFacts of(MailHeaders h) {
    Integer uid = null;
    String client = null;
    List<String> received = h.all("received");
    for (int i = 0; i < received.size() && i < 3; i++) {
      String r = received.get(i);
      // Cheap guards first: this runs for every queued message.
      if (uid == null) {
        uid = postfixUserid(r);
      }
      if (uid == null && r.startsWith("(qmail ")) {
        uid = qmailUid(r);
      }
      if (client == null && i <= 1 && r.startsWith("from ")) {
        Matcher c = QMAIL_SMTP_CLIENT.matcher(r);
        if (c.find()) {
          client = c.group(1);
        }
      }
    }
    return new MessageFacts(h.decoded("from"), h.decoded("subject"), OriginatingScript.parse(h.first("x-php-originating-script")),
        h.first("x-mailer"), h.first("message-id"), h.first("x-ppp-vhost"), h.bulk(), uid, client);
  }

  /** The N of Postfix's "(Postfix, from userid N)", read by hand (it is in every local message); null when absent. */
  /** "(qmail PID invoked by uid UID)" at the start (qmail-queue(8)); read by hand: every qmail message has one. */
  static Integer qmailUid(String received) {
    int i = digits(received, "(qmail ".length(), Integer.MAX_VALUE);
    String mark = " invoked by uid ";
    if (i < 0 || !received.startsWith(mark, i)) {
      return null;
    }
    int start = i + mark.length();
    int end = digits(received, start, 10);
    if (end < 0 || end >= received.length() || received.charAt(end) != ')') {
      return null;
    }
    return parseUid(received.substring(start, end));
  }

  /** The end of 1 to {@code max} ASCII digits at {@code from}, or -1 when there are none or more. */
  private static int digits(String s, int from, int max) {
    int end = from;
    while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
      end++;
    }
    return end == from || end - from > max ? -1 : end;
  }

  static Integer postfixUserid(String received) {
    String mark = "(Postfix, from userid ";
    int at = received.indexOf(mark);
    if (at < 0) {
      return null;
    }
    int start = at + mark.length();
    int end = start;
    while (end < received.length() && end - start < 10 && Character.isDigit(received.charAt(end)) && received.charAt(end) < 128) {
      end++;
    }
    if (end == start || end >= received.length() || received.charAt(end) != ')') {
      return null;
    }
    return parseUid(received.substring(start, end));
  }

  private static Integer parseUid(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
