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

  public Optional<Member> find(OurSet set, Element e) {
    return members(set).stream().filter(m -> m.element().equals(e)).findFirst();
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
