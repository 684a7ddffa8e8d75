package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The ways a queue is broken down: each gives the key(s) a message counts under. Recipient
 * domains count recipients (a message to three domains counts under each); the others count
 * messages. A message without the field counts under no key.
 */
public enum Dimension {
  SENDER_DOMAIN("sender-domain", "送信者ドメイン (エンベロープ)", m -> one(m.nullSender() ? "<>" : m.senderDomain())),
  SENDER("sender", "送信者 (エンベロープ)", m -> one(m.nullSender() ? "<>" : m.sender())),
  FROM_DOMAIN("from-domain", "From ドメイン", m -> one(m.fromDomain())),
  SCRIPT("script", "送信スクリプト (X-PHP-Originating-Script)", m -> one(m.script() == null ? null : m.script().script())),
  SCRIPT_OWNER("script-owner", "スクリプトファイルの所有者 uid", m -> one(m.script() == null || m.script().ownerUid() == null ? null
      : String.valueOf(m.script().ownerUid()))),
  LOCAL_USER("local-user", "送信したローカルユーザ (uid)", m -> one(m.localUser() != null ? m.localUser()
      : m.localUid() == null ? null : "uid " + m.localUid())),
  AUTH_USER("auth-user", "SMTP 認証ユーザ", m -> one(m.authUser())),
  CLIENT_ADDRESS("client-address", "接続元アドレス", m -> one(m.clientAddress())),
  VHOST("vhost", "送信サイト (X-PPP-Vhost)", m -> one(m.vhost())),
  RECIPIENT_DOMAIN("recipient-domain", "宛先ドメイン", m -> {
    List<String> out = new ArrayList<>();
    for (Recipient r : m.recipients()) {
      if (r.pending() && !r.domain().isEmpty()) {
        out.add(r.domain());
      }
    }
    return out;
  }),
  DELAY_REASON("delay-reason", "遅延理由", m -> one(m.delayReason())),
  SUBJECT("subject", "件名", m -> one(m.subject()));

  private final String id;
  private final String ja;
  private final Function<QueuedMessage, List<String>> keys;

  Dimension(String id, String ja, Function<QueuedMessage, List<String>> keys) {
    this.id = id;
    this.ja = ja;
    this.keys = keys;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public String ja() {
    return ja;
  }

  public List<String> keys(QueuedMessage m) {
    return keys.apply(m);
  }

  /** True for the breakdown that counts each recipient, not each message. */
  public boolean perRecipient() {
    return this == RECIPIENT_DOMAIN;
  }

  /**
   * The one key a message counts under, or null when it has none; for {@link #RECIPIENT_DOMAIN}
   * use {@link #keys}. The same keys as {@link #keys}, without a list per message: summaries ask
   * this a million times per queue.
   */
  public String key(QueuedMessage m) {
    String k = switch (this) {
      case SENDER_DOMAIN -> m.nullSender() ? "<>" : m.senderDomain();
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

  private static List<String> one(String s) {
    return s == null || s.isEmpty() ? List.of() : List.of(s);
  }
}
