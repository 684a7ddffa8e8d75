package dev.spamtrace.blocklist.zones;

import java.util.List;

/**
 * What the resolver said to one query, before any interpretation: an answer with its response code
 * and A records, or no answer at all (timeout, network error). Built by the DNS code, read by
 * {@link Interpretation}; kept free of any DNS library so the interpretation is pure.
 */
public sealed interface Response permits Response.Answered, Response.Failed {
  /** DNS response codes (RFC 1035 section 4.1.1, RFC 2136). */
  int NOERROR = 0;
  int FORMERR = 1;
  int SERVFAIL = 2;
  int NXDOMAIN = 3;
  int REFUSED = 5;

  /**
   * @param rcode the response code
   * @param addresses the A records' addresses in the answer section, as text
   * @param ttl the smallest TTL of those records (seconds), -1 when there are none
   */
  record Answered(int rcode, List<String> addresses, long ttl) implements Response {
    public Answered {
      addresses = List.copyOf(addresses);
    }

    public static Answered nxdomain() {
      return new Answered(NXDOMAIN, List.of(), -1);
    }

    public static Answered a(String... addresses) {
      return new Answered(NOERROR, List.of(addresses), 0);
    }
  }

  /** No usable answer: the reason is one of the transport reasons of {@link Outcome.Reason}. */
  record Failed(Outcome.Reason reason, String detail) implements Response {}
}
