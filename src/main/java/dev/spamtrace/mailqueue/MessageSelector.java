package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which queued messages an operator (or the plan) means: {@code --sender-domain D},
 * {@code --sender S}, {@code --script NAME}, {@code --auth-user U}, {@code --id ID…}. Matching is
 * exact (case-insensitive for domains and addresses); attacker-controlled values are compared as
 * data, never used as patterns.
 */
public record MessageSelector(Kind kind, Set<String> values) implements Predicate<QueuedMessage> {
  public enum Kind {
    SENDER_DOMAIN("sender-domain"),
    SENDER("sender"),
    SCRIPT("script"),
    AUTH_USER("auth-user"),
    ID("id");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }

    public static Kind fromId(String s) {
      for (Kind k : values()) {
        if (k.id.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown selector " + s);
    }
  }

  public MessageSelector {
    values = Set.copyOf(values);
  }

  public static MessageSelector of(Kind kind, String value) {
    return new MessageSelector(kind, Set.of(value));
  }

  @Override
  public boolean test(QueuedMessage m) {
    return switch (kind) {
      case SENDER_DOMAIN -> values.stream().anyMatch(v -> lower(v).equals(m.senderDomain()));
      case SENDER -> m.sender() != null && values.stream().anyMatch(v -> isNull(v) ? m.nullSender() : lower(v).equals(lower(m.sender())));
      case SCRIPT -> m.script() != null && values.stream().anyMatch(v -> v.equals(m.script().script()) || v.equals(m.script().toString())
          || v.contains("/") && v.endsWith("/" + m.script().script()));
      case AUTH_USER -> m.authUser() != null && values.stream().anyMatch(v -> lower(v).equals(lower(m.authUser())));
      case ID -> values.contains(m.id());
    };
  }

  private static boolean isNull(String v) {
    return v.isEmpty() || v.equals("<>");
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** {@code script=css.php}: how plans and the journal show it. */
  public String describe() {
    return kind.id() + "=" + String.join(",", values.stream().sorted().toList());
  }
}
