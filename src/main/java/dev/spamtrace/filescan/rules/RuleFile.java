package dev.spamtrace.filescan.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One rule file as written: a family of web shells or mailers, its rules and its samples
 * ({@code src/main/resources/rules/webshell/<family>.yml}; the format is described in
 * {@code docs/writing-rules.md}).
 */
public record RuleFile(
    String family,
    String title,
    String description,
    List<String> references,
    List<RuleSpec> rules,
    List<Sample> samples) {

  public RuleFile {
    references = references == null ? List.of() : List.copyOf(references);
    rules = rules == null ? List.of() : List.copyOf(rules);
    samples = samples == null ? List.of() : List.copyOf(samples);
  }

  /**
   * One rule as written.
   *
   * @param level {@code malicious} (quarantined by the plan) or {@code suspicious} (for review)
   * @param severity the finding's severity
   * @param status {@code stable}, {@code test} or {@code experimental}
   * @param layer {@code code} (the de-obfuscated code and every decoded payload) or {@code source}
   *     (the file's bytes as they are)
   * @param atoms case-insensitive literals; the rule is tried only when one occurs in the layer
   * @param all regular expressions that must all match
   * @param any regular expressions of which one must match (when given)
   * @param none regular expressions that veto a match (known-good code)
   * @param maxSize the rule applies only to files up to this many bytes (0: any size)
   */
  public record RuleSpec(
      String id,
      String title,
      String description,
      String level,
      String severity,
      String status,
      List<String> references,
      List<String> falsepositives,
      String layer,
      List<String> atoms,
      List<String> all,
      List<String> any,
      List<String> none,
      @JsonProperty("max-size") Long maxSize) {

    public RuleSpec {
      references = references == null ? List.of() : List.copyOf(references);
      falsepositives = falsepositives == null ? List.of() : List.copyOf(falsepositives);
      atoms = atoms == null ? List.of() : List.copyOf(atoms);
      all = all == null ? List.of() : List.copyOf(all);
      any = any == null ? List.of() : List.copyOf(any);
      none = none == null ? List.of() : List.copyOf(none);
      layer = layer == null ? "code" : layer;
      maxSize = maxSize == null ? 0L : maxSize;
    }
  }

  /**
   * A sample the build scans: {@code expect} lists the rules of this file that must match it,
   * exactly; an empty list makes it a negative sample, which no rule of any file may match.
   */
  public record Sample(String name, List<String> expect, String content) {
    public Sample {
      expect = expect == null ? List.of() : List.copyOf(expect);
    }
  }
}
