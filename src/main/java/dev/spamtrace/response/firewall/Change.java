package dev.spamtrace.response.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change to our sets, applied by a back end in one go (one {@code nft -f} transaction):
 * elements removed, elements added, elements given a new timeout (the dead-man switch's
 * confirmation), and sets whose whole content is replaced (never-block, allowed countries).
 */
public final class Change {
  /** An element to add, with its kernel timeout in seconds (null: until removed). */
  public record Add(OurSet set, Element element, Long timeoutSeconds) {}

  /** An element to remove. */
  public record Remove(OurSet set, Element element) {}

  private final List<Remove> removes = new ArrayList<>();
  private final List<Add> adds = new ArrayList<>();
  private final List<Add> retimes = new ArrayList<>();
  private final Map<OurSet, List<Element>> replacements = new LinkedHashMap<>();

  public Change remove(OurSet set, Element e) {
    removes.add(new Remove(set, e));
    return this;
  }

  public Change add(OurSet set, Element e, Long timeoutSeconds) {
    adds.add(new Add(set, e, timeoutSeconds));
    return this;
  }

  /** Gives a present element a new timeout (null: keep it until removed). */
  public Change retime(OurSet set, Element e, Long timeoutSeconds) {
    retimes.add(new Add(set, e, timeoutSeconds));
    return this;
  }

  /** Makes the set hold exactly {@code elements}. */
  public Change replace(OurSet set, List<Element> elements) {
    replacements.put(set, List.copyOf(elements));
    return this;
  }

  public List<Remove> removes() {
    return removes;
  }

  public List<Add> adds() {
    return adds;
  }

  public List<Add> retimes() {
    return retimes;
  }

  public Map<OurSet, List<Element>> replacements() {
    return replacements;
  }
}
