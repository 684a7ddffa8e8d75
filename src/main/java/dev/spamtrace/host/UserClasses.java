package dev.spamtrace.host;

import dev.spamtrace.config.UserSettings;
import java.util.Set;

/**
 * Who an account is on a shared server, from the {@code users} configuration: {@code root},
 * {@code mta} (the mail system), {@code web} (the web server's users), {@code system} (other
 * accounts at or below {@code users.system-uid-max}) or {@code customer} (everyone else).
 */
public final class UserClasses {
  public static final String ROOT = "root";
  public static final String MTA = "mta";
  public static final String WEB = "web";
  public static final String SYSTEM = "system";
  public static final String CUSTOMER = "customer";

  private final Set<String> web;
  private final Set<String> mta;
  private final int systemUidMax;

  public UserClasses(UserSettings users) {
    this.web = Set.copyOf(users.web());
    this.mta = Set.copyOf(users.mta());
    this.systemUidMax = users.systemUidMax();
  }

  /**
   * @param uid the number (authoritative for root)
   * @param name the name in the root's passwd, or the number as text when it has none
   */
  public String of(int uid, String name) {
    if (uid == 0) {
      return ROOT;
    }
    if (mta.contains(name)) {
      return MTA;
    }
    if (web.contains(name)) {
      return WEB;
    }
    return uid >= 0 && uid <= systemUidMax ? SYSTEM : CUSTOMER;
  }

  /** For an account known only by name (a crontab's owner): unknown names count as customers. */
  public String ofName(String name, Accounts accounts) {
    return accounts.user(name).map(u -> of(u.uid(), u.name())).orElseGet(() -> "root".equals(name) ? ROOT : of(-1, name));
  }

  public boolean webOrCustomer(String userClass) {
    return WEB.equals(userClass) || CUSTOMER.equals(userClass);
  }
}
