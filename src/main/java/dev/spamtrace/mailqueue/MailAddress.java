package dev.spamtrace.mailqueue;

import java.util.Locale;

/** The few things the queue readers need from an address: its domain, and the address inside a header. */
public final class MailAddress {
  private MailAddress() {}

  /** The domain of {@code local@domain}, lower case; empty for the null sender or a bare name. */
  public static String domain(String address) {
    if (address == null) {
      return "";
    }
    String a = address.strip();
    if (a.startsWith("<") && a.endsWith(">")) {
      a = a.substring(1, a.length() - 1);
    }
    int at = a.lastIndexOf('@');
    return at < 0 || at == a.length() - 1 ? "" : a.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * The address in a {@code From:} header value: what is inside the last {@code <…>}, else the
   * first word containing {@code @}; empty when there is none.
   */
  public static String inHeader(String value) {
    if (value == null) {
      return "";
    }
    int lt = value.lastIndexOf('<');
    int gt = value.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      return value.substring(lt + 1, gt).strip();
    }
    for (String w : value.split("[\\s,;]+")) {
      if (w.indexOf('@') > 0) {
        return w.replaceAll("^[(\"']+|[)\"']+$", "");
      }
    }
    return "";
  }
}
