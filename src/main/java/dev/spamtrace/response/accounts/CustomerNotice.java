package dev.spamtrace.response.accounts;

import dev.spamtrace.incident.Text;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

/**
 * The mail that tells a customer what happened to their FTP account, what was done, and that the
 * password was changed (never the password itself: it is given by other means). Japanese first,
 * then English, from the templates in {@code accounts.notify}. Plain text; UTF-8.
 *
 * @param from envelope sender and From:
 * @param to the customer
 * @param subject both languages
 * @param body both languages
 */
record CustomerNotice(String from, String to, Text subject, Text body) {

  /** Fills the templates: {account}, {server}, {what-happened}, {what-was-done}. */
  static CustomerNotice compose(AccountSettings.Notify n, String from, String to, String account, String server, Text happened, Text done) {
    return new CustomerNotice(from, to, new Text(fill(n.subject(), "en", account, server, happened, done), fill(n.subject(), "ja", account, server,
        happened, done)), new Text(fill(n.body(), "en", account, server, happened, done), fill(n.body(), "ja", account, server, happened, done)));
  }

  private static String fill(Map<String, String> templates, String lang, String account, String server, Text happened, Text done) {
    String t = templates.getOrDefault(lang, templates.getOrDefault("en", ""));
    boolean ja = "ja".equals(lang);
    // One pass over the template, so a value that happens to hold "{server}" is not filled again.
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      int close = open < 0 ? -1 : t.indexOf('}', open);
      if (open < 0 || close < 0) {
        b.append(t, i, t.length());
        break;
      }
      b.append(t, i, open);
      String key = t.substring(open + 1, close);
      switch (key) {
        case "account" -> b.append(account);
        case "server" -> b.append(server);
        case "what-happened" -> b.append(ja ? happened.ja() : happened.en());
        case "what-was-done" -> b.append(ja ? done.ja() : done.en());
        default -> b.append('{').append(key).append('}');
      }
      i = close + 1;
    }
    return b.toString();
  }

  /** The subject line: Japanese / English. */
  String subjectLine() {
    return subject.ja() + " / " + subject.en();
  }

  /** The body: Japanese, a rule, English. */
  String bodyText() {
    return body.ja().strip() + "\n\n----------------------------------------\n\n" + body.en().strip() + "\n";
  }

  static InternetAddress address(String a) throws AddressException {
    InternetAddress ia = new InternetAddress(a, true);
    ia.validate();
    return ia;
  }

  /** The message as MIME (RFC 5322), with a fresh Message-ID. */
  MimeMessage mime(Session session, Instant now) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(address(from));
    m.setRecipient(Message.RecipientType.TO, address(to));
    m.setSubject(subjectLine(), "UTF-8");
    m.setText(bodyText(), "UTF-8");
    m.setSentDate(Date.from(now));
    m.setHeader("Auto-Submitted", "auto-generated");
    m.saveChanges();
    return m;
  }

  static Session session(Properties p) {
    return Session.getInstance(p);
  }

  static byte[] bytes(MimeMessage m) throws IOException, MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toByteArray();
  }
}
