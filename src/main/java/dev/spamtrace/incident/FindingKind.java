package dev.spamtrace.incident;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The one documented list of finding kinds (docs/findings.md). Scripts match on {@link #id()},
 * which never changes once released.
 */
public enum FindingKind {
  MAIL_QUEUE_SURGE("mail-queue-surge", "the mail queue is over its threshold or growing", "メールキューの滞留"),
  MALICIOUS_FILE("malicious-file", "a web shell, mass mailer or dropper (high confidence)", "不正なファイル"),
  SUSPICIOUS_FILE("suspicious-file", "a file for a person to review", "要確認のファイル"),
  SUSPICIOUS_PROCESS("suspicious-process", "a disguised or spamming process", "不審なプロセス"),
  CRON_PERSISTENCE("cron-persistence", "a cron entry that relaunches a payload", "cron による常駐"),
  TMP_PAYLOAD("tmp-payload", "a script or program hidden in a temporary place", "一時ディレクトリ内の不正プログラム"),
  POST_BURST("post-burst", "many POSTs to one PHP file", "PHP ファイルへの POST 集中"),
  FTP_ACCOUNT_COMPROMISE("ftp-account-compromise", "an FTP account used by someone else", "FTP アカウントの不正利用"),
  MAILBOX_COMPROMISE("mailbox-compromise", "a mailbox password cracked and used to send", "メールアカウントの不正利用"),
  ATTACKER_ADDRESS("attacker-address", "an address tied to the compromise", "攻撃元アドレス"),
  TAMPERED_PERMISSIONS("tampered-permissions", "a folder whose mode was changed", "パーミッションの改ざん"),
  PHP_IN_HTML_ONLY_SITE("php-in-html-only-site", "PHP in a site that only ever held html", "HTML のみのサイトに PHP"),
  BLOCKLIST_LISTING("blocklist-listing", "a server address listed on a DNS blocklist", "ブラックリスト掲載");

  private final String id;
  private final String description;
  private final String ja;

  FindingKind(String id, String description, String ja) {
    this.id = id;
    this.description = description;
    this.ja = ja;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public String label(Lang lang) {
    return lang == Lang.JA ? ja : id;
  }

  public static FindingKind fromId(String id) {
    for (FindingKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown finding kind " + id);
  }
}
