package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways a queue is broken down: each gives the key(s) a message counts under. Recipient
 * domains count recipients (a message to three domains counts under each); the others count
 * messages. A message without the field counts under no key.
 */
public enum Dimension {
  SENDER_DOMAIN("sender-domain", "送信者ドメイン (エンベロープ)"),
  SENDER("sender", "送信者 (エンベロープ)"),
  FROM_DOMAIN("from-domain", "From ドメイン"),
  SCRIPT("script", "送信スクリプト (X-PHP-Originating-Script)"),
  SCRIPT_OWNER("script-owner", "スクリプトファイルの所有者 uid"),
  LOCAL_USER("local-user", "送信したローカルユーザ (uid)"),
  AUTH_USER("auth-user", "SMTP 認証ユーザ"),
  CLIENT_ADDRESS("client-address", "接続元アドレス"),
  VHOST("vhost", "送信サイト (X-PPP-Vhost)"),
  RECIPIENT_DOMAIN("recipient-domain", "宛先ドメイン"),
  DELAY_REASON("delay-reason", "遅延理由"),
  SUBJECT("subject", "件名");

  private final String id;
  private final String ja;

  Dimension(String id, String ja) {
    this.id = id;
    this.ja = ja;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public String ja() {
    return ja;
  }

  /** The keys a message counts under: its pending recipients' domains, or its one {@link #key}. */
  public List<String> keys(QueuedMessage m) {
    if (perRecipient()) {
      return recipientDomains(m);
    }
    String k = key(m);
    return k == null ? List.of() : List.of(k);
  }

  /** The domains of a message's pending recipients, one per recipient (a domain may repeat). */
  static List<String> recipientDomains(QueuedMessage m) {
    List<Recipient> rs = m.recipients();
    if (rs.size() == 1) {
      Recipient r = rs.get(0);
      return r.pending() && !r.domain().isEmpty() ? List.of(r.domain()) : List.of();
    }
    List<String> out = new ArrayList<>(rs.size());
    for (Recipient r : rs) {
      if (r.pending() && !r.domain().isEmpty()) {
        out.add(r.domain());
      }
    }
    return out;
  }

  /** True for the breakdown that counts each recipient, not each message. */
  public boolean perRecipient() {
    return this == RECIPIENT_DOMAIN;
  }

  /**
   * The one key a message counts under, or null when it has none; for {@link #RECIPIENT_DOMAIN}
   * use {@link #keys}. Without a list per message: summaries ask this a million times per queue.
   */
  public String key(QueuedMessage m) {
    String k = switch (this) {
      case SENDER_DOMAIN -> m.sender() == null ? null : m.nullSender() ? "<>" : m.senderDomain();
      case SENDER -> m.nullSender() ? "<>" : m.sender();
      case FROM_DOMAIN -> m.fromDomain();
      case SCRIPT -> m.script() == null ? null : m.script().script();
      case SCRIPT_OWNER -> m.script() == null || m.script().ownerUid() == null ? null : String.valueOf(m.script().ownerUid());
      case LOCAL_USER -> m.localUser() != null ? m.localUser() : m.localUid() == null ? null : "uid " + m.localUid();
      case AUTH_USER -> m.authUser();
      case CLIENT_ADDRESS -> m.clientAddress();
      case VHOST -> m.vhost();
      case DELAY_REASON -> m.delayReason();
      case SUBJECT -> m.subject();
      case RECIPIENT_DOMAIN -> throw new IllegalStateException("recipient-domain has a key per recipient");
    };
    return k == null || k.isEmpty() ? null : k;
  }

  public static Dimension fromId(String id) {
    for (Dimension d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown queue breakdown '" + id + "'");
  }

}
