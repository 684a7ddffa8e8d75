package dev.spamtrace.response.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code nft -j list table inet spamtrace} (libnftables JSON, schema 1; nftables 1.0.6 as
 * captured in the tests) into our sets' members. Pure: text in, state out. Elements come as a bare
 * value ({@code "203.0.113.7"}, {@code 25}), a {@code prefix}, a {@code range}, a {@code concat},
 * or wrapped in {@code elem} with {@code timeout} and {@code expires} in seconds.
 */
public final class NftJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NftJson() {}

  public static FirewallState parse(String json, String table) throws IOException {
    JsonNode root = JSON.readTree(json);
    JsonNode items = root.path("nftables");
    if (!items.isArray()) {
      throw new IOException("not nft JSON output (no 'nftables' array)");
    }
    boolean present = false;
    Map<String, List<Member>> sets = new LinkedHashMap<>();
    for (JsonNode item : items) {
      JsonNode t = item.get("table");
      if (t != null && table.equals(t.path("name").asText()) && "inet".equals(t.path("family").asText())) {
        present = true;
      }
      JsonNode s = item.get("set");
      if (s == null || !table.equals(s.path("table").asText()) || !"inet".equals(s.path("family").asText())) {
        continue;
      }
      String name = s.path("name").asText();
      OurSet set = OurSet.byName(name);
      List<Member> members = new ArrayList<>();
      if (set != null) {
        for (JsonNode e : s.path("elem")) {
          members.addAll(member(set, e));
        }
      }
      sets.put(name, members);
    }
    return new FirewallState(present, sets);
  }

  private static List<Member> member(OurSet set, JsonNode e) throws IOException {
    Long timeout = null;
    Long expires = null;
    JsonNode val = e;
    if (e.isObject() && e.has("elem")) {
      JsonNode w = e.get("elem");
      val = w.get("val");
      timeout = w.has("timeout") ? w.get("timeout").asLong() : null;
      expires = w.has("expires") ? w.get("expires").asLong() : null;
    }
    List<Member> out = new ArrayList<>();
    for (Element el : elements(set, val)) {
      out.add(new Member(el, timeout, expires));
    }
    return out;
  }

  private static List<Element> elements(OurSet set, JsonNode val) throws IOException {
    return switch (set.kind()) {
      case NET -> nets(val).stream().map(Element::net).toList();
      case PORT -> List.of(Element.port(ports(val)));
      case NET_PORT -> {
        JsonNode c = val.path("concat");
        if (!c.isArray() || c.size() != 2) {
          throw new IOException("set " + set.name() + ": expected a concatenation, got " + val);
        }
        PortRange p = ports(c.get(1));
        yield nets(c.get(0)).stream().map(n -> Element.netPort(n, p)).toList();
      }
    };
  }

  private static List<Cidr> nets(JsonNode v) throws IOException {
    if (v.isTextual()) {
      return List.of(Cidr.parse(v.asText()));
    }
    if (v.has("prefix")) {
      JsonNode p = v.get("prefix");
      return List.of(Cidr.parse(p.path("addr").asText() + "/" + p.path("len").asInt()));
    }
    if (v.has("range")) {
      Cidr a = Cidr.parse(v.get("range").get(0).asText());
      Cidr b = Cidr.parse(v.get("range").get(1).asText());
      return Cidr.range(a.v6(), a.first(), b.last());
    }
    throw new IOException("unexpected address element " + v);
  }

  private static PortRange ports(JsonNode v) throws IOException {
    if (v.isInt()) {
      return PortRange.single(v.asInt());
    }
    if (v.has("range")) {
      return new PortRange(v.get("range").get(0).asInt(), v.get("range").get(1).asInt());
    }
    throw new IOException("unexpected port element " + v);
  }

}
