package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The mail systems whose queues spamtrace reads. */
public enum Mta {
  POSTFIX,
  EXIM,
  QMAIL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Mta parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
