package dev.spamtrace.blocklist.zones;

import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a list's answers with the catalogue's code table. Pure: a {@link Response} in, an
 * {@link Outcome} out. The rules (dnsbl.md section 2.3): an answer in the list's error table or in
 * 127.255.255.0/24 is an error; an answer outside 127.0.0.0/8 is not a listing; a code the catalogue
 * does not know is "unexpected", not "listed"; allowlist answers are "not listed".
 */
public final class Interpretation {
  private Interpretation() {}

  public static Outcome of(Zone zone, Response response) {
    if (response instanceof Response.Failed f) {
      return new Outcome.Unknown(f.reason(), f.detail());
    }
    Response.Answered a = (Response.Answered) response;
    switch (a.rcode()) {
      case Response.NOERROR -> { }
      case Response.NXDOMAIN -> {
        return new Outcome.NotListed("");
      }
      case Response.REFUSED -> {
        return new Outcome.Unknown(Outcome.Reason.REFUSED, "REFUSED");
      }
      case Response.SERVFAIL -> {
        return new Outcome.Unknown(Outcome.Reason.SERVFAIL, "SERVFAIL");
      }
      default -> {
        return new Outcome.Unknown(Outcome.Reason.DNS_ERROR, "rcode " + a.rcode());
      }
    }
    if (a.addresses().isEmpty()) {
      return new Outcome.NotListed("no A record");
    }
    List<Outcome.Hit> hits = new ArrayList<>();
    List<String> good = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (String addr : a.addresses()) {
      int[] o = octets(addr);
      if (o == null || o[0] != 127) {
        return new Outcome.Unknown(Outcome.Reason.NOT_A_LIST_ANSWER, addr);
      }
      String error = errorMeaning(zone, addr, o);
      if (error != null) {
        return new Outcome.Unknown(Outcome.Reason.ERROR_CODE, addr + " = " + error);
      }
      if (zone.isBitmask()) {
        if (o[1] != 0 || o[2] != 0) {
          unexpected.add(addr);
          continue;
        }
        int matched = 0;
        for (Map.Entry<Integer, Zone.Code> b : new TreeMap<>(zone.bits()).entrySet()) {
          if ((o[3] & b.getKey()) != 0) {
            Zone.Code c = b.getValue();
            hits.add(new Outcome.Hit(addr + " bit " + b.getKey(), c.meaning(), c.verdict(), zone.removalFor(c)));
            matched |= b.getKey();
          }
        }
        if (matched != o[3]) {
          unexpected.add(addr);
        }
        continue;
      }
      Zone.Code c = zone.listed().get(addr);
      if (c != null) {
        hits.add(new Outcome.Hit(addr, c.meaning(), c.verdict(), zone.removalFor(c)));
      } else if (zone.notListing().containsKey(addr)) {
        good.add(addr + " = " + zone.notListing().get(addr));
      } else {
        unexpected.add(addr);
      }
    }
    if (!hits.isEmpty() && zone.role() != Zone.Role.ALLOWLIST) {
      return new Outcome.Listed(hits, List.of());
    }
    if (!unexpected.isEmpty()) {
      return new Outcome.Unknown(Outcome.Reason.UNEXPECTED_ANSWER, String.join(",", unexpected));
    }
    return new Outcome.NotListed(String.join("; ", good));
  }

  /** The error meaning of an answer, or null: the zone's table, its error bits, then 127.255.255.0/24. */
  static String errorMeaning(Zone zone, String addr, int[] o) {
    String m = zone.errors().get(addr);
    if (m != null) {
      return m;
    }
    if (o[1] == 0 && o[2] == 0) {
      for (Map.Entry<Integer, String> b : zone.errorBits().entrySet()) {
        if ((o[3] & b.getKey()) != 0) {
          return b.getValue();
        }
      }
    }
    if (o[1] == 255 && o[2] == 255) {
      return "127.255.255.0/24 is the conventional error range (Spamhaus, Validity)";
    }
    return null;
  }

  /** The four octets of a dotted IPv4 answer, or null when it is not one. */
  static int[] octets(String addr) {
    String[] p = addr.split("\\.", -1);
    if (p.length != 4) {
      return null;
    }
    int[] o = new int[4];
    for (int i = 0; i < 4; i++) {
      if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(Character::isDigit)) {
        return null;
      }
      o[i] = Integer.parseInt(p[i]);
      if (o[i] > 255) {
        return null;
      }
    }
    return o;
  }

  /**
   * The zone's health from its test entries.
   *
   * @param testListed the answer for the always-listed entry, or null when the zone has none
   * @param notListed answers for never-listed entries ({@code 127.0.0.1}, a documentation address)
   */
  public static ZoneHealth health(Zone zone, Response testListed, List<Response> notListed) {
    ZoneHealth.State state = ZoneHealth.State.HEALTHY;
    List<String> why = new ArrayList<>();
    for (Response r : notListed) {
      switch (classify(zone, r)) {
        case ERROR -> {
          state = worse(state, ZoneHealth.State.BLOCKED);
          why.add("never-listed entry: " + describe(r));
        }
        case ANSWERED -> {
          state = worse(state, ZoneHealth.State.LISTS_EVERYTHING);
          why.add("never-listed entry answered " + describe(r));
        }
        case NO_ANSWER -> {
          state = worse(state, ZoneHealth.State.UNKNOWN);
          why.add("never-listed entry: " + describe(r));
        }
        case NOT_FOUND -> { }
      }
    }
    if (testListed != null) {
      switch (classify(zone, testListed)) {
        case ERROR -> {
          state = worse(state, ZoneHealth.State.BLOCKED);
          why.add("test entry: " + describe(testListed));
        }
        case NOT_FOUND -> {
          state = worse(state, ZoneHealth.State.LISTS_NOTHING);
          why.add("always-listed test entry is not listed");
        }
        case NO_ANSWER -> {
          state = worse(state, ZoneHealth.State.UNKNOWN);
          why.add("test entry: " + describe(testListed));
        }
        case ANSWERED -> {
          Response.Answered a = (Response.Answered) testListed;
          if (a.addresses().stream().anyMatch(x -> { int[] o = octets(x); return o == null || o[0] != 127; })) {
            state = worse(state, ZoneHealth.State.LISTS_EVERYTHING);
            why.add("test entry answered outside 127.0.0.0/8 (" + String.join(",", a.addresses()) + "): parked or hijacked");
          }
        }
      }
    }
    String detail = why.isEmpty() ? "test entries answer as RFC 5782 says" : String.join("; ", why);
    String ja = switch (state) {
      case HEALTHY -> "テスト項目は RFC 5782 どおりに応答しています";
      case LISTS_EVERYTHING -> "掲載されないはずのテスト項目に応答しました (全件掲載): " + detail;
      case LISTS_NOTHING -> "常に掲載されるテスト項目に応答しません: " + detail;
      case BLOCKED -> "テスト項目でエラー/拒否: " + detail;
      case UNKNOWN -> "テスト項目を確認できません: " + detail;
    };
    return new ZoneHealth(zone.zone(), state, new Text(detail, ja));
  }

  private enum Kind { NOT_FOUND, ANSWERED, ERROR, NO_ANSWER }

  private static Kind classify(Zone zone, Response r) {
    if (r instanceof Response.Failed) {
      return Kind.NO_ANSWER;
    }
    Response.Answered a = (Response.Answered) r;
    if (a.rcode() == Response.NXDOMAIN || a.rcode() == Response.NOERROR && a.addresses().isEmpty()) {
      return Kind.NOT_FOUND;
    }
    if (a.rcode() != Response.NOERROR) {
      return Kind.ERROR;
    }
    for (String addr : a.addresses()) {
      int[] o = octets(addr);
      if (o != null && o[0] == 127 && errorMeaning(zone, addr, o) != null) {
        return Kind.ERROR;
      }
    }
    return Kind.ANSWERED;
  }

  private static String describe(Response r) {
    if (r instanceof Response.Failed f) {
      return f.reason().id() + (f.detail() == null || f.detail().isEmpty() ? "" : " (" + f.detail() + ")");
    }
    Response.Answered a = (Response.Answered) r;
    return switch (a.rcode()) {
      case Response.NXDOMAIN -> "NXDOMAIN";
      case Response.REFUSED -> "REFUSED";
      case Response.SERVFAIL -> "SERVFAIL";
      case Response.NOERROR -> String.join(",", a.addresses());
      default -> "rcode " + a.rcode();
    };
  }

  private static ZoneHealth.State worse(ZoneHealth.State a, ZoneHealth.State b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(ZoneHealth.State s) {
    return switch (s) {
      case HEALTHY -> 0;
      case UNKNOWN -> 1;
      case LISTS_NOTHING -> 2;
      case LISTS_EVERYTHING -> 3;
      case BLOCKED -> 4;
    };
  }
}
