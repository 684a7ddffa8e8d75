package dev.spamtrace.geoip;

/** What the country database says of an address. */
public sealed interface CountryLookup {
  /** The address is in a range the database knows. */
  record Country(String code, String network) implements CountryLookup {}

  /** A public address the database has no range for. */
  record Unknown() implements CountryLookup {}

  /**
   * Private, loopback, link-local, documentation or otherwise reserved: never looked up (free
   * databases carry wrong countries for some of them, e.g. 192.168.0.0/16 as AU).
   */
  record NotPublic(String why) implements CountryLookup {}

  /** The country code, or null. */
  default String codeOrNull() {
    return this instanceof Country c ? c.code() : null;
  }
}
