package dev.spamtrace.host.rules;

import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.util.List;

/**
 * What the rules said about one record: each rule that matched with its reason, the total weight
 * and the severity it maps to.
 */
public record Verdict(List<Hit> hits, int weight, Severity severity) {
  /** One matched rule and its reason with the facts filled in. */
  public record Hit(String rule, int weight, Text reason) {}

  public Verdict {
    hits = List.copyOf(hits);
  }

  public boolean any() {
    return !hits.isEmpty();
  }

  public List<String> ruleIds() {
    return hits.stream().map(Hit::rule).toList();
  }

  public List<Text> reasons() {
    return hits.stream().map(Hit::reason).toList();
  }
}
