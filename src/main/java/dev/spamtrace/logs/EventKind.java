package dev.spamtrace.logs;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a log line records, named in the operator's words. The ids are stable: rule files and the
 * JSON of {@code logs parse --json} use them, and the chain correlator matches on them.
 */
public enum EventKind {
  /** One HTTP request in an access log: address, method, path, query, status, bytes, referer, useragent, vhost. */
  WEB_REQUEST("web-request"),
  /** A client connected to the FTP server (no login yet): address. */
  FTP_CONNECT("ftp-connect"),
  /** A successful FTP login: user, address. */
  FTP_LOGIN("ftp-login"),
  /** A refused FTP login: user (when logged), address, reason. */
  FTP_LOGIN_FAILED("ftp-login-failed"),
  /** A file stored over FTP: user, address, path (as the daemon wrote it: vsftpd's is chroot-relative), bytes. */
  FTP_UPLOAD("ftp-upload"),
  FTP_DOWNLOAD("ftp-download"),
  FTP_DELETE("ftp-delete"),
  FTP_RENAME("ftp-rename"),
  FTP_MKDIR("ftp-mkdir"),
  FTP_CHMOD("ftp-chmod"),
  /** Session opened, closed, logged out, or too many attempts. */
  FTP_SESSION("ftp-session"),
  /** vsftpd's {@code log_ftp_protocol} command and response lines. */
  FTP_PROTOCOL("ftp-protocol"),
  /** A PAM authentication failure of any service (field service: vsftpd, proftpd, dovecot, …). */
  AUTH_FAILED("auth-failed"),
  /** Postfix pickup: mail injected locally (sendmail, PHP mail()): queueid, uid, from. */
  MAIL_PICKUP("mail-pickup"),
  /** Postfix smtpd accepted a client for a message: queueid, host, address, and for authenticated clients saslmethod, user. */
  MAIL_CLIENT("mail-client"),
  /** A message entered the queue: Postfix qmgr (queueid, from, size, nrcpt), qmail info msg (msg, from, bytes, qp, uid). */
  MAIL_QUEUED("mail-queued"),
  /** A delivery attempt and its result: to, relay, status (sent, deferred, bounced…). */
  MAIL_DELIVERY("mail-delivery"),
  /** Exim's {@code <=} arrival line: msgid, from, address, host, protocol, user (U=), authenticator and user (A=), size. */
  MAIL_ARRIVAL("mail-arrival"),
  /** Exim's {@code cwd=… args:} line (log_selector +arguments): pid, cwd, args: the script's folder. */
  MAIL_COMMAND("mail-command"),
  /** A successful mail login or SMTP AUTH: user, address (Plesk smtp_auth, Dovecot). */
  MAIL_AUTH("mail-auth"),
  /** A failed SMTP AUTH, IMAP or POP3 login: user (when logged), address. */
  MAIL_AUTH_FAILED("mail-auth-failed"),
  /** A message or command refused by the MTA: address, from, to, reason. */
  MAIL_REJECT("mail-reject"),
  /** Connection opened or closed at the MTA: address. */
  MAIL_CONNECTION("mail-connection"),
  /** Postfix cleanup message-id, removed, and other per-message book-keeping. */
  MAIL_MESSAGE("mail-message"),
  /** PHP's mail.log: one mail() call: script, scriptline, to, headers, subject. */
  PHP_MAIL("php-mail");

  private final String id;

  EventKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public boolean isFtp() {
    return id.startsWith("ftp-");
  }

  public static EventKind fromId(String id) {
    for (EventKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown event kind '" + id + "'");
  }
}
