package dev.spamtrace.blocklist.zones;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One DNS list as the catalogue ({@code blocklist/zones.yml}) describes it: what it lists, how to
 * read its answers and how to get off it. The catalogue's header documents every field.
 */
public record Zone(
    String zone,
    String operator,
    String lists,
    Target target,
    Role role,
    Status status,
    Integer since,
    @JsonProperty("default") boolean byDefault,
    boolean ipv6,
    Txt txt,
    Map<String, Code> listed,
    Map<Integer, Code> bits,
    Map<String, String> errors,
    Map<Integer, String> errorBits,
    Map<String, String> notListing,
    Removal removal,
    String delistingPage,
    Access access,
    Double queriesPerSecond,
    Integer timeoutMs,
    String testListed,
    String testNotListed,
    List<String> sources,
    String note) {

  public Zone {
    listed = listed == null ? Map.of() : Map.copyOf(listed);
    bits = bits == null ? Map.of() : Map.copyOf(bits);
    errors = errors == null ? Map.of() : Map.copyOf(errors);
    errorBits = errorBits == null ? Map.of() : Map.copyOf(errorBits);
    notListing = notListing == null ? Map.of() : Map.copyOf(notListing);
    sources = sources == null ? List.of() : List.copyOf(sources);
    testListed = testListed == null ? "" : testListed;
    testNotListed = testNotListed == null ? "" : testNotListed;
    note = note == null ? "" : note;
  }

  /** What an answer code means. {@code removal} overrides the zone's own when set (Spamhaus SBL vs XBL). */
  public record Code(String meaning, Verdict verdict, Removal removal) {}

  /**
   * How a listing goes away.
   *
   * @param expiryDays expected automatic expiry after the cause stops, when the list has one
   * @param paid a paid removal option exists (never pay: say so)
   * @param repeat what happens on a repeat listing (a charge, a waiting period)
   * @param asksFor what a request needs, in the operator's words
   * @param how the channel (form, e-mail, wait)
   */
  public record Removal(Policy policy, Integer expiryDays, boolean paid, String repeat, String asksFor, String how) {
    public Removal {
      repeat = repeat == null ? "" : repeat;
      asksFor = asksFor == null ? "" : asksFor;
      how = how == null ? "" : how;
    }
  }

  /** The same list under another name (tests and the benchmark serve catalogue entries on loopback zones). */
  public Zone renamed(String name) {
    return new Zone(name, operator, lists, target, role, status, since, byDefault, ipv6, txt, listed, bits, errors, errorBits,
        notListing, removal, delistingPage, access, queriesPerSecond, timeoutMs, testListed, testNotListed, sources, note);
  }

  /** The same list with another published rate (null: none); the benchmark's loopback copies carry none. */
  public Zone withQueriesPerSecond(Double qps) {
    return new Zone(zone, operator, lists, target, role, status, since, byDefault, ipv6, txt, listed, bits, errors, errorBits,
        notListing, removal, delistingPage, access, qps, timeoutMs, testListed, testNotListed, sources, note);
  }

  public boolean isBitmask() {
    return !bits.isEmpty() || !errorBits.isEmpty();
  }

  /** Never queried unless named: a dead list answers nothing or everything. */
  public boolean isDead() {
    return status == Status.DEFUNCT || status == Status.UNRELIABLE;
  }

  /** The zone name needs a key ({@code {key}} in the name). */
  public boolean needsKey() {
    return zone.contains("{key}");
  }

  /** The name to query: the key put in place of {@code {key}}. */
  public String queryZone(String key) {
    return needsKey() ? zone.replace("{key}", key == null ? "" : key) : zone;
  }

  /** The removal that applies to an answer code (its own, else the zone's). */
  public Removal removalFor(Code code) {
    return code != null && code.removal() != null ? merge(code.removal()) : removal;
  }

  private Removal merge(Removal own) {
    if (removal == null) {
      return own;
    }
    return new Removal(own.policy(), own.expiryDays() != null ? own.expiryDays() : null, own.paid(), own.repeat(),
        own.asksFor().isEmpty() ? removal.asksFor() : own.asksFor(), own.how().isEmpty() ? removal.how() : own.how());
  }

  /** What is put in front of the zone name. */
  public enum Target {
    IP, DOMAIN;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Only blocklist answers are listings; allowlists and reputation zones also say "good". */
  public enum Role {
    BLOCKLIST, ALLOWLIST, REPUTATION, INFORMATIONAL;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Status {
    ACTIVE, LEGACY, UNVERIFIED, DEFUNCT, UNRELIABLE;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Txt {
    YES, NO, UNKNOWN;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How much a listing matters for delivery. */
  public enum Verdict {
    /** The list says this address or domain sends spam (or is infected). */
    SPAM,
    /** A policy listing (dynamic range, no reverse DNS): not a spam verdict. */
    POLICY,
    /** The neighbours' behaviour (a range or an ASN): nothing the customer did. */
    NEIGHBOURHOOD,
    /** Shown for information; not used to reject mail by the big receivers. */
    INFORMATIONAL;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The ways lists remove a listing (field guide: the paragraph on delisting policies). */
  public enum Policy {
    /** Goes away on its own some days after the cause stops. */
    EXPIRY("expiry"),
    /** Removed by a machine on request, free. */
    SELF_SERVICE("self-service"),
    /** Reviewed by a person on request, free. */
    MANUAL_REVIEW("manual-review"),
    /** Expires on its own; a faster removal is sold (never pay). */
    PAID_EXPRESS("paid-express"),
    /** Free the first time, paid if relisted soon. */
    FREE_ONCE_THEN_PAID("free-once-then-paid"),
    /** Only the network's provider can act (range or ASN listings). */
    PROVIDER_ONLY("provider-only"),
    /** Nothing to remove (allowlists, dead lists). */
    NONE("none");

    private final String id;

    Policy(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }
  }

  /** What querying needs. */
  public enum Access {
    OPEN("open"),
    /** Refuses (or lies to) public resolvers: run your own. */
    NON_PUBLIC_RESOLVER("non-public-resolver"),
    /** The querying resolver must be registered with the operator. */
    REGISTERED_RESOLVER("registered-resolver"),
    /** A key in the query name. */
    KEY("key");

    private final String id;

    Access(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }
  }
}
