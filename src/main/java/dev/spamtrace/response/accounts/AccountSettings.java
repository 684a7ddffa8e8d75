package dev.spamtrace.response.accounts;

import java.util.List;
import java.util.Map;

/**
 * The {@code accounts} section (documented in config/spamtrace.yml).
 *
 * @param rotateFtpPasswords whether {@code --apply} may change passwords (the plan shows the step either way)
 * @param passwordLength characters in a new password
 * @param chpasswdCommand argv prefix of chpasswd (system users, live root only)
 * @param pureFtpdPasswdFile Pure-FTPd's virtual users file, as the server sees it
 * @param purePwCommand argv prefix of pure-pw
 * @param proftpdAuthUserFiles ProFTPD AuthUserFile files, as the server sees them
 * @param panelCommand a panel's CLI as argv ({@code {account}} replaced), or empty
 * @param panelPasswordEnv the environment variable the panel reads the password from; empty: standard input
 * @param notice the customer's notice (the {@code notify} key)
 */
public record AccountSettings(boolean rotateFtpPasswords, int passwordLength, List<String> chpasswdCommand, String pureFtpdPasswdFile,
    List<String> purePwCommand, List<String> proftpdAuthUserFiles, List<String> panelCommand, String panelPasswordEnv, @com.fasterxml.jackson.annotation.JsonProperty("notify") Notify notice) {

  public static final String SECTION = "accounts";

  /**
   * @param enabled whether {@code --apply} may send it
   * @param from the envelope and From: address; empty: root@ the server's name
   * @param recipients account → the customer's address
   * @param recipientTemplate for accounts not listed: e.g. {@code {account}@localhost}; empty: none
   * @param transport {@code sendmail} (the local MTA) or {@code smtp} (smtp-relay)
   * @param sendmailCommand argv prefix of the local MTA's sendmail
   * @param smtpRelay HOST:PORT of an SMTP relay (transport smtp)
   * @param subject by language
   * @param body by language; placeholders {account} {server} {what-happened} {what-was-done}
   */
  public record Notify(boolean enabled, String from, Map<String, String> recipients, String recipientTemplate, String transport,
      List<String> sendmailCommand, String smtpRelay, Map<String, String> subject, Map<String, String> body) {}
}
