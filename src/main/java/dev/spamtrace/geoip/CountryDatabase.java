package dev.spamtrace.geoip;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

/**
 * Address → country, from a MaxMind DB file: the embedded free database (iptoasn, PDDL) by
 * default, or a configured GeoIP2/GeoLite2 Country file. Reads both schemas: {@code country_code}
 * (ip-location-db) and {@code country.iso_code} (MaxMind). Private and reserved addresses are
 * answered {@link CountryLookup.NotPublic} without a lookup.
 */
public final class CountryDatabase implements Closeable {
  public static final String EMBEDDED = "geoip/iptoasn-country.mmdb";

  private final Reader reader;
  private final String description;

  private CountryDatabase(Reader reader, String description) {
    this.reader = reader;
    this.description = description;
  }

  /** The database shipped in the jar. */
  public static CountryDatabase embedded() throws IOException {
    try (InputStream in = CountryDatabase.class.getClassLoader().getResourceAsStream(EMBEDDED)) {
      if (in == null) {
        throw new IOException("embedded country database " + EMBEDDED + " is missing from the jar");
      }
      return new CountryDatabase(new Reader(in), "embedded iptoasn-country (PDDL)");
    }
  }

  /** A database file, e.g. GeoLite2-Country.mmdb. */
  public static CountryDatabase open(Path file) throws IOException {
    return new CountryDatabase(new Reader(file.toFile()), file.toString());
  }

  /** The configured file, or the embedded database when {@code path} is empty. */
  public static CountryDatabase fromSetting(String path) throws IOException {
    return path == null || path.isBlank() ? embedded() : open(Path.of(path));
  }

  public String description() {
    return description + " (" + reader.getMetadata().databaseType() + ", built " + reader.getMetadata().buildTime() + ")";
  }

  /** The underlying reader, for code that walks networks (the firewall's country sets). */
  public Reader reader() {
    return reader;
  }

  public CountryLookup lookup(InetAddress address) {
    String why = PublicAddress.whyNotPublic(address);
    if (why != null) {
      return new CountryLookup.NotPublic(why);
    }
    try {
      @SuppressWarnings("rawtypes")
      DatabaseRecord<Map> rec = reader.getRecord(address, Map.class);
      if (rec == null || rec.data() == null) {
        return new CountryLookup.Unknown();
      }
      String code = countryCode(rec.data());
      return code == null ? new CountryLookup.Unknown() : new CountryLookup.Country(code, String.valueOf(rec.network()));
    } catch (IOException e) {
      return new CountryLookup.Unknown();
    }
  }

  /** Looks up a textual address; anything that is not an IP literal is {@code NotPublic}. */
  public CountryLookup lookup(String address) {
    InetAddress a = PublicAddress.parseLiteral(address);
    return a == null ? new CountryLookup.NotPublic("not an IP address") : lookup(a);
  }

  /** The country code in either schema. */
  public static String countryCode(Map<?, ?> data) {
    Object cc = data.get("country_code");
    if (cc instanceof String s && !s.isEmpty()) {
      return s;
    }
    Object country = data.get("country");
    if (country instanceof Map<?, ?> m && m.get("iso_code") instanceof String s) {
      return s;
    }
    Object reg = data.get("registered_country");
    if (reg instanceof Map<?, ?> m && m.get("iso_code") instanceof String s) {
      return s;
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
