package dev.spamtrace.incident;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a finding is. Ordered: later constants are more severe. */
public enum Severity {
  INFO("情報"),
  LOW("低"),
  MEDIUM("中"),
  HIGH("高"),
  CRITICAL("緊急");

  private final String ja;

  Severity(String ja) {
    this.ja = ja;
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label(Lang lang) {
    return lang == Lang.JA ? ja : id();
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public Severity raise(int steps) {
    Severity[] all = values();
    return all[Math.max(0, Math.min(all.length - 1, ordinal() + steps))];
  }

  public static Severity parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
