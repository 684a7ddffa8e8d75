package dev.spamtrace.mailqueue;

import java.util.List;
import java.util.Map;

/**
 * One "why the queue grew" heuristic, loaded from {@code rules/mailqueue/*.yml} (data, not code:
 * each file is proven by positive and negative sample queues under
 * {@code src/test/resources/samples/mailqueue/RULE/} on every build).
 *
 * @param id stable verdict id, e.g. {@code uploaded-mailer}
 * @param title what the verdict says, {@code en} and {@code ja}
 * @param summary one sentence with placeholders: {@code {value}} (the focus value), {@code {count}},
 *     {@code {total}}, {@code {share}} and any measure as {@code {measure-name}}
 * @param level severity of the finding when this verdict holds
 * @param status {@code stable} or {@code experimental}
 * @param abuse true when the mail is abuse (the plan may purge it); false for legitimate causes
 * @param references where the pattern comes from
 * @param falsepositives what can look the same and is not
 * @param focus the breakdown whose values are suspects (each of its top values is tested)
 * @param name conditions on the focus value's own text (e.g. contact-form script names)
 * @param conditions measure name → bounds, measured over the messages carrying the focus value
 * @param unless verdict ids that, when they hold, make this one moot
 */
public record SurgeRule(
    String id, Map<String, String> title, Map<String, String> summary, String level, String status, boolean abuse,
    List<String> references, List<String> falsepositives, String focus, NameMatch name, Map<String, Bound> conditions,
    List<String> unless) {

  public SurgeRule {
    references = references == null ? List.of() : List.copyOf(references);
    falsepositives = falsepositives == null ? List.of() : List.copyOf(falsepositives);
    conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
    unless = unless == null ? List.of() : List.copyOf(unless);
  }

  /** Inclusive bounds; either may be absent. */
  public record Bound(Double min, Double max) {
    public boolean holds(double v) {
      return (min == null || v >= min) && (max == null || v <= max);
    }
  }

  /** Case-insensitive substrings the focus value must contain one of ({@code any}) or none of ({@code none}). */
  public record NameMatch(List<String> any, List<String> none) {}
}
