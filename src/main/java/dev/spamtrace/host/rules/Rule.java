package dev.spamtrace.host.rules;

import java.util.List;
import java.util.Map;

/**
 * One heuristic as data: when its conditions hold over a record's facts, it adds its weight and
 * states its reason. Metadata follows Sigma ({@code id}, {@code title}, {@code status},
 * {@code falsepositives}); every rule carries samples that must and must not match.
 *
 * @param id stable, e.g. {@code host.proc.claims-other-program}
 * @param title one line
 * @param status experimental, test or stable
 * @param description why this matters
 * @param falsepositives what legitimately matches
 * @param weight added to the record's total; severity follows the total
 * @param reason {@code en} and {@code ja} templates; {@code {fact}} is replaced by the fact's value
 * @param when the conditions, all of which must hold (see {@link RuleSet})
 * @param samples facts that must match and facts that must not
 */
public record Rule(String id, String title, String status, String description, List<String> falsepositives, int weight,
    Map<String, String> reason, Map<String, Object> when, Samples samples) {

  /** Facts maps that must and must not match. */
  public record Samples(List<Map<String, Object>> match, List<Map<String, Object>> noMatch) {}
}
