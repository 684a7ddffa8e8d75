package dev.spamtrace.incident;

import java.util.Locale;

/** The languages reports and alerts are written in: staff read Japanese, list operators English. */
public enum Lang {
  EN,
  JA;

  public static Lang parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "en", "english" -> EN;
      case "ja", "jp", "japanese", "日本語" -> JA;
      default -> throw new IllegalArgumentException("unknown language '" + s + "' (use ja or en)");
    };
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
