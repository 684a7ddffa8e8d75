package dev.spamtrace.response.accounts;

import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.ActionResult;
import dev.spamtrace.response.SystemCommand;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Tells the customer, in Japanese and English, what happened to their FTP account, what was done,
 * and that its password was changed (never the password). Sent through the local MTA
 * ({@code sendmail -i -f FROM -- TO}, the message on standard input) or an SMTP relay; journaled
 * with its subject and body, which hold no secret. Sent only when the password was changed in
 * the same run, since the notice says so. Not undoable: a sent mail cannot be called back.
 */
public final class NotifyCustomer implements Action {
  public static final String TYPE = "notify-customer";

  private final CustomerNotice notice;
  private final AccountSettings.Notify settings;
  private final RotateFtpPassword rotation;
  private final List<String> findings;

  NotifyCustomer(CustomerNotice notice, AccountSettings.Notify settings, RotateFtpPassword rotation, List<String> findings) {
    this.notice = notice;
    this.settings = settings;
    this.rotation = rotation;
    this.findings = List.copyOf(findings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "mail:" + notice.to() + " (ftp:" + rotation.account() + ")";
  }

  CustomerNotice notice() {
    return notice;
  }

  @Override
  public Text description() {
    String off = settings.enabled() ? "" : " [off: accounts.notify.enabled is false]";
    String offJa = settings.enabled() ? "" : " [無効: accounts.notify.enabled が false]";
    return new Text(String.format("mail %s (Japanese and English, via %s): what happened to %s, what was done, and that its password changed "
        + "(not the password)%s", notice.to(), via(), rotation.account(), off),
        String.format("%s に通知メール (日本語・英語、%s 経由): %s に起きたこと、対応内容、パスワードを変更したこと (パスワード自体は含めない)%s",
            notice.to(), via(), rotation.account(), offJa));
  }

  private String via() {
    return "smtp".equals(settings.transport()) ? "SMTP " + settings.smtpRelay() : String.join(" ", settings.sendmailCommand());
  }

  @Override
  public boolean undoable() {
    return false;
  }

  @Override
  public List<String> findings() {
    return findings;
  }

  @Override
  public List<Text> check(ActionContext ctx) {
    List<Text> out = new ArrayList<>();
    if (!settings.enabled()) {
      out.add(Text.of("customer notices are off (accounts.notify.enabled: false)", "顧客への通知は無効です (accounts.notify.enabled: false)"));
      return out;
    }
    try {
      CustomerNotice.address(notice.to());
      CustomerNotice.address(notice.from());
    } catch (Exception e) {
      out.add(Text.of("not a usable address: %s", "使えないアドレスです: %s", e.getMessage()));
    }
    if (!rotation.changed()) {
      out.add(Text.of("the password of %s was not changed in this run; the notice would say it was, so it is not sent",
          "この実行で %s のパスワードは変更されていません。通知は変更済みと伝えるため送信しません", rotation.account()));
    }
    if ("smtp".equals(settings.transport()) && !settings.smtpRelay().matches("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$")) {
      out.add(Text.of("accounts.notify.smtp-relay must be HOST:PORT", "accounts.notify.smtp-relay は HOST:PORT で指定してください"));
    }
    return out;
  }

  @Override
  public Map<String, Object> prepare(ActionContext ctx) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("account", rotation.account());
    p.put("to", notice.to());
    p.put("from", notice.from());
    p.put("transport", settings.transport());
    p.put("via", via());
    p.put("subject", notice.subjectLine());
    return p;
  }

  @Override
  public ActionResult apply(ActionContext ctx, Map<String, Object> prepared) throws Exception {
    Properties props = new Properties();
    String transport = settings.transport();
    if ("smtp".equals(transport)) {
      int colon = settings.smtpRelay().lastIndexOf(':');
      props.put("mail.smtp.host", settings.smtpRelay().substring(0, colon).replace("[", "").replace("]", ""));
      props.put("mail.smtp.port", settings.smtpRelay().substring(colon + 1));
      props.put("mail.smtp.connectiontimeout", "15000");
      props.put("mail.smtp.timeout", "30000");
      props.put("mail.smtp.from", notice.from());
    }
    MimeMessage m = notice.mime(CustomerNotice.session(props), ctx.clock().instant());
    if ("smtp".equals(transport)) {
      Transport.send(m);
    } else {
      List<String> argv = new ArrayList<>(settings.sendmailCommand());
      argv.addAll(List.of("-i", "-f", notice.from(), "--", notice.to()));
      SystemCommand.Result r = ctx.commands().run(argv, CustomerNotice.bytes(m));
      if (!r.ok()) {
        return ActionResult.failed(Text.of("%s refused the notice: %s", "%s が通知を受け付けません: %s", argv.get(0), r.describe()));
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("to", notice.to());
    details.put("message-id", m.getMessageID());
    details.put("via", via());
    details.put("subject", notice.subjectLine());
    details.put("body", notice.bodyText());
    return ActionResult.done(Text.of("sent the notice about %s to %s (%s)", "%s についての通知を %s に送信 (%s)", rotation.account(), notice.to(),
        m.getMessageID()), details);
  }
}
