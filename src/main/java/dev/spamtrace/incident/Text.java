package dev.spamtrace.incident;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Locale;
import java.util.Objects;

/**
 * A sentence in both languages. Written where the fact is known, so the English and the
 * Japanese say the same thing; attacker-controlled parts are passed in as arguments and stay data.
 */
public record Text(String en, String ja) {
  public Text {
    Objects.requireNonNull(en, "en");
    Objects.requireNonNull(ja, "ja");
  }

  /** Both languages from format strings ({@link String#format}) sharing the same arguments. */
  public static Text of(String en, String ja, Object... args) {
    return new Text(String.format(Locale.ROOT, en, args), String.format(Locale.ROOT, ja, args));
  }

  /** The same words in both languages: addresses, paths, numbers. */
  public static Text same(String s) {
    return new Text(s, s);
  }

  @JsonIgnore
  public String in(Lang lang) {
    return lang == Lang.JA ? ja : en;
  }
}
