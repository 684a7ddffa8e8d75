package dev.spamtrace.response.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What spamtrace's own table (or chains and sets) holds now. Nothing else in the firewall is read
 * into it: other tables and chains are not ours to judge.
 *
 * @param present whether our table (or chains) exist at all
 * @param sets the members of each of our sets, by set name
 */
public record FirewallState(boolean present, Map<String, List<Member>> sets) {
  public FirewallState {
    Map<String, List<Member>> copy = new LinkedHashMap<>();
    sets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    sets = java.util.Collections.unmodifiableMap(copy);
  }

  public static FirewallState absent() {
    return new FirewallState(false, Map.of());
  }

  public List<Member> members(OurSet set) {
    return sets.getOrDefault(set.name(), List.of());
  }

  /**
   * The member that is {@code e}. A port range also counts as there when every port of it is
   * (ipset keeps a range as one entry per port), and the first port's member stands for it.
   */
  public Optional<Member> find(OurSet set, Element e) {
    Optional<Member> exact = members(set).stream().filter(m -> m.element().equals(e)).findFirst();
    if (exact.isPresent() || e.ports() == null || e.ports().from() == e.ports().to()) {
      return exact;
    }
    java.util.Map<Integer, Member> singles = new java.util.HashMap<>();
    for (Member m : members(set)) {
      Element x = m.element();
      if (x.ports().from() == x.ports().to() && java.util.Objects.equals(x.net(), e.net())) {
        singles.put(x.ports().from(), m);
      }
    }
    for (int p = e.ports().from(); p <= e.ports().to(); p++) {
      if (!singles.containsKey(p)) {
        return Optional.empty();
      }
    }
    return Optional.of(singles.get(e.ports().from()));
  }

  public boolean has(OurSet set, Element e) {
    return find(set, e).isPresent();
  }

  /** Whether any set that changes traffic holds an element. */
  public boolean anyEffect() {
    for (String name : sets.keySet()) {
      OurSet s = OurSet.byName(name);
      if (s != null && s.effect() && !sets.get(name).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The country policies whose sets exist. */
  public List<String> policies() {
    List<String> out = new ArrayList<>();
    for (String name : sets.keySet()) {
      String p = OurSet.policyOf(name);
      if (p != null && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
