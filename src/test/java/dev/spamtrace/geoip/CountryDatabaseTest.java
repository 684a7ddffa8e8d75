package dev.spamtrace.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CountryDatabaseTest {
  static CountryDatabase db;

  @BeforeAll
  static void open() throws Exception {
    db = CountryDatabase.embedded();
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  @Test
  void knownPublicAddressesGetTheirCountry() {
    // Figures checked against the same file with the maxmind-db reader (reference/libraries.md).
    assertThat(db.lookup("202.12.27.33").codeOrNull()).isEqualTo("JP");
    assertThat(db.lookup("193.0.6.139").codeOrNull()).isEqualTo("NL");
    assertThat(db.lookup("8.8.8.8").codeOrNull()).isEqualTo("US");
    assertThat(db.lookup("2001:4860:4860::8888").codeOrNull()).isEqualTo("US");
  }

  @Test
  void privateAndReservedAddressesAreNeverLookedUp() {
    assertThat(db.lookup("192.168.1.1")).isInstanceOf(CountryLookup.NotPublic.class);
    assertThat(db.lookup("127.0.0.2")).isInstanceOf(CountryLookup.NotPublic.class);
    assertThat(db.lookup("203.0.113.45")).isInstanceOf(CountryLookup.NotPublic.class);
    assertThat(db.lookup("fd00::1")).isInstanceOf(CountryLookup.NotPublic.class);
    assertThat(db.lookup("::ffff:127.0.0.2")).isInstanceOf(CountryLookup.NotPublic.class);
  }

  @Test
  void hostNamesAreNotResolved() {
    assertThat(db.lookup("evil.example.com")).isInstanceOf(CountryLookup.NotPublic.class);
    assertThat(PublicAddress.parseLiteral("1.2.3.4; rm -rf /")).isNull();
  }
}
