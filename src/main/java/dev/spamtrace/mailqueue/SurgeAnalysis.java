package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why the queue grew: each {@link SurgeRule} is tested on the top values of its focus breakdown,
 * measuring the messages that carry the value. Pure: messages in, verdicts with their evidence out.
 */
public final class SurgeAnalysis {
  /** The rule files, listed so they can be loaded from the jar. */
  public static final String INDEX = "rules/mailqueue/index.txt";

  /** How many of a breakdown's top values are tested as suspects (two mailers were the field guide's case). */
  private static final int CANDIDATES = 5;

  /** Measures a rule can bound; documented in rules/mailqueue/README.md. */
  public static final Set<String> MEASURES = Set.of("count", "share", "recipient-variety", "recipient-domains",
      "top-recipient-domains-share", "distinct-clients", "distinct-senders", "sender-domains", "null-sender-share",
      "deferred-share", "bulk-share", "subject-uniformity", "script-share", "auth-share");

  private static final ObjectMapper YAML = new YAMLMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final List<SurgeRule> rules;

  public SurgeAnalysis(List<SurgeRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules shipped in the jar. */
  public static SurgeAnalysis shipped() {
    return new SurgeAnalysis(loadShipped());
  }

  public List<SurgeRule> rules() {
    return rules;
  }

  public static List<SurgeRule> loadShipped() {
    List<SurgeRule> out = new ArrayList<>();
    for (String name : resource(INDEX).split("\n")) {
      String n = name.strip();
      if (!n.isEmpty() && !n.startsWith("#")) {
        out.add(parse(resource("rules/mailqueue/" + n), n));
      }
    }
    return out;
  }

  /** Parses and checks one rule file. */
  public static SurgeRule parse(String yaml, String source) {
    SurgeRule r;
    try {
      r = YAML.readValue(yaml, SurgeRule.class);
    } catch (IOException e) {
      throw new IllegalStateException("rule " + source + ": " + e.getMessage(), e);
    }
    Dimension.fromId(r.focus());
    for (String m : r.conditions().keySet()) {
      if (!MEASURES.contains(m)) {
        throw new IllegalStateException("rule " + source + ": unknown measure '" + m + "'");
      }
    }
    if (r.title() == null || !r.title().containsKey("en") || !r.title().containsKey("ja")
        || r.summary() == null || !r.summary().containsKey("en") || !r.summary().containsKey("ja")) {
      throw new IllegalStateException("rule " + source + ": title and summary need en and ja");
    }
    dev.spamtrace.incident.Severity.parse(r.level());
    return r;
  }

  private static String resource(String path) {
    try (InputStream in = SurgeAnalysis.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * One verdict: a rule that holds for one focus value.
   *
   * @param rule the rule
   * @param focus its breakdown
   * @param value the focus value (the script, the user, the domain)
   * @param measures every measure, as computed
   * @param examples a few message ids carrying the value
   * @param selector the messages it concerns, for a purge; null when not purgeable
   */
  public record Verdict(SurgeRule rule, Dimension focus, String value, Map<String, Double> measures, List<String> examples,
      MessageSelector selector) {

    public int count() {
      return (int) Math.round(measures.get("count"));
    }

    /** The summary with its placeholders filled; values stay data. */
    public String summary(String lang, int total) {
      String s = rule.summary().get(lang);
      s = s.replace("{value}", value).replace("{count}", String.valueOf(count())).replace("{total}", String.valueOf(total))
          .replace("{share}", String.format(Locale.ROOT, "%.0f%%", 100 * measures.get("share")));
      for (Map.Entry<String, Double> e : measures.entrySet()) {
        double v = e.getValue();
        String f = v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
        if (e.getKey().endsWith("share") || e.getKey().endsWith("variety") || e.getKey().endsWith("uniformity")) {
          f = String.format(Locale.ROOT, "%.0f%%", 100 * v);
        }
        s = s.replace("{" + e.getKey() + "}", f);
      }
      return s;
    }
  }

  public List<Verdict> verdicts(List<QueuedMessage> messages) {
    List<Verdict> out = new ArrayList<>();
    if (messages.isEmpty()) {
      return out;
    }
    long allRecipients = 0;
    for (QueuedMessage m : messages) {
      for (Recipient r : m.recipients()) {
        if (r.pending()) {
          allRecipients++;
        }
      }
    }
    // Each breakdown the rules look at is counted in its own pass, the passes side by side.
    Map<Dimension, List<Map.Entry<String, List<QueuedMessage>>>> candidatesByFocus = new HashMap<>();
    rules.stream().map(r -> Dimension.fromId(r.focus())).distinct().toList().parallelStream()
        .map(d -> Map.entry(d, candidates(messages, d))).toList()
        .forEach(e -> candidatesByFocus.put(e.getKey(), e.getValue()));
    Map<String, Measures> measured = new HashMap<>();
    for (SurgeRule rule : rules) {
      Dimension d = Dimension.fromId(rule.focus());
      List<Map.Entry<String, List<QueuedMessage>>> candidates = candidatesByFocus.get(d);
      for (Map.Entry<String, List<QueuedMessage>> candidate : candidates) {
        String value = candidate.getKey();
        List<QueuedMessage> g = candidate.getValue();
        if (!nameMatches(rule.name(), value)) {
          continue;
        }
        // Count and share are cheap and rule most candidates out: test them before measuring the rest.
        double quickShare = d == Dimension.RECIPIENT_DOMAIN ? domainShare(value, g, allRecipients) : g.size() / (double) messages.size();
        if (!bound(rule, "count", g.size()) || !bound(rule, "share", quickShare)) {
          continue;
        }
        final long all = allRecipients;
        Measures ms = measured.computeIfAbsent(d.id() + "\0" + value, k -> new Measures(d, value, g, messages.size(), all));
        if (!ms.holds(rule, false)) {
          continue; // a cheap measure already rules it out: the costly ones are not needed
        }
        if (ms.holds(rule, true)) {
          List<String> examples = g.stream().limit(5).map(QueuedMessage::id).toList();
          out.add(new Verdict(rule, d, value, ms.all(), examples, rule.abuse() ? selector(d, value) : null));
        }
      }
    }
    Set<String> held = new HashSet<>();
    out.forEach(v -> held.add(v.rule().id()));
    out.removeIf(v -> v.rule().unless().stream().anyMatch(held::contains));
    return out;
  }

  /**
   * The breakdown's top values (most messages first, ties by value) with the messages carrying
   * each: counted first, so only the few suspects get a list of their messages.
   */
  private static List<Map.Entry<String, List<QueuedMessage>>> candidates(List<QueuedMessage> messages, Dimension d) {
    Map<String, int[]> counts = new HashMap<>();
    for (QueuedMessage q : messages) {
      if (d.perRecipient()) {
        for (String k : domains(q)) {
          counts.computeIfAbsent(k, x -> new int[1])[0]++;
        }
      } else {
        String k = d.key(q);
        if (k != null) {
          counts.computeIfAbsent(k, x -> new int[1])[0]++;
        }
      }
    }
    List<Map.Entry<String, int[]>> ranked = new ArrayList<>(counts.entrySet());
    ranked.sort((a, b) -> a.getValue()[0] != b.getValue()[0] ? b.getValue()[0] - a.getValue()[0] : a.getKey().compareTo(b.getKey()));
    Map<String, List<QueuedMessage>> chosen = new LinkedHashMap<>();
    for (int i = 0; i < ranked.size() && i < CANDIDATES; i++) {
      chosen.put(ranked.get(i).getKey(), new ArrayList<>(ranked.get(i).getValue()[0]));
    }
    for (QueuedMessage q : messages) {
      if (d.perRecipient()) {
        for (String k : domains(q)) {
          List<QueuedMessage> g = chosen.get(k);
          if (g != null) {
            g.add(q);
          }
        }
      } else {
        String k = d.key(q);
        List<QueuedMessage> g = k == null ? null : chosen.get(k);
        if (g != null) {
          g.add(q);
        }
      }
    }
    return new ArrayList<>(chosen.entrySet());
  }

  /** A message's pending recipient domains, each once: a message counts once per domain. */
  private static java.util.Collection<String> domains(QueuedMessage q) {
    List<String> all = Dimension.recipientDomains(q);
    return all.size() <= 1 ? all : new java.util.LinkedHashSet<>(all);
  }

  private static boolean bound(SurgeRule rule, String measure, double v) {
    SurgeRule.Bound b = rule.conditions().get(measure);
    return b == null || b.holds(v);
  }

  private static double domainShare(String domain, List<QueuedMessage> g, long allRecipients) {
    long n = 0;
    for (QueuedMessage m : g) {
      for (Recipient r : m.recipients()) {
        if (r.pending() && r.domain().equals(domain)) {
          n++;
        }
      }
    }
    return allRecipients == 0 ? 0 : n / (double) allRecipients;
  }

  private static boolean nameMatches(SurgeRule.NameMatch n, String value) {
    if (n == null) {
      return true;
    }
    String v = value.toLowerCase(Locale.ROOT);
    if (n.any() != null && !n.any().isEmpty() && n.any().stream().noneMatch(s -> v.contains(s.toLowerCase(Locale.ROOT)))) {
      return false;
    }
    return n.none() == null || n.none().stream().noneMatch(s -> v.contains(s.toLowerCase(Locale.ROOT)));
  }

  static Map<String, Double> measure(Dimension d, String value, List<QueuedMessage> g, int total, long allRecipients) {
    return new Measures(d, value, g, total, allRecipients).all();
  }

  /** The measures that need sets of every recipient and subject: taken only when the cheap ones hold. */
  private static final Set<String> COSTLY = Set.of("recipient-variety", "recipient-domains", "top-recipient-domains-share",
      "subject-uniformity");

  /** The order measures are reported in. */
  private static final List<String> ORDER = List.of("count", "share", "recipient-variety", "recipient-domains",
      "top-recipient-domains-share", "distinct-clients", "distinct-senders", "sender-domains", "null-sender-share",
      "deferred-share", "bulk-share", "subject-uniformity", "script-share", "auth-share");

  /** One suspect's measures: the cheap ones at once, the costly ones when first asked for. */
  private static final class Measures {
    private final List<QueuedMessage> g;
    private final Map<String, Double> values = new HashMap<>();

    Measures(Dimension d, String value, List<QueuedMessage> g, int total, long allRecipients) {
      this.g = g;
      Set<String> clients = new HashSet<>();
      Set<String> senders = new HashSet<>();
      Set<String> senderDomains = new HashSet<>();
      long inValueDomain = 0;
      int nulls = 0;
      int deferred = 0;
      int bulk = 0;
      int scripts = 0;
      int auth = 0;
      for (QueuedMessage m : g) {
        if (d == Dimension.RECIPIENT_DOMAIN) {
          for (Recipient r : m.recipients()) {
            if (r.pending() && r.domain().equals(value)) {
              inValueDomain++;
            }
          }
        }
        if (m.clientAddress() != null) {
          clients.add(m.clientAddress());
        }
        senders.add(m.sender());
        senderDomains.add(m.senderDomain());
        nulls += m.nullSender() ? 1 : 0;
        deferred += m.delayReason() != null ? 1 : 0;
        bulk += m.bulk() ? 1 : 0;
        scripts += m.script() != null ? 1 : 0;
        auth += m.authUser() != null ? 1 : 0;
      }
      double n = g.size();
      values.put("count", n);
      // For a recipient domain, its share of all pending recipients; otherwise of all messages.
      values.put("share", d == Dimension.RECIPIENT_DOMAIN ? (allRecipients == 0 ? 0 : inValueDomain / (double) allRecipients) : n / total);
      values.put("distinct-clients", (double) clients.size());
      values.put("distinct-senders", (double) senders.size());
      values.put("sender-domains", (double) senderDomains.size());
      values.put("null-sender-share", nulls / n);
      values.put("deferred-share", deferred / n);
      values.put("bulk-share", bulk / n);
      values.put("script-share", scripts / n);
      values.put("auth-share", auth / n);
    }

    /** Whether the rule's conditions hold: only those on cheap measures unless {@code costly}. */
    boolean holds(SurgeRule rule, boolean costly) {
      for (Map.Entry<String, SurgeRule.Bound> c : rule.conditions().entrySet()) {
        if (COSTLY.contains(c.getKey()) && !costly) {
          continue;
        }
        if (!c.getValue().holds(get(c.getKey()))) {
          return false;
        }
      }
      return true;
    }

    double get(String measure) {
      if (COSTLY.contains(measure) && !values.containsKey(measure)) {
        measureCostly();
      }
      return values.get(measure);
    }

    Map<String, Double> all() {
      Map<String, Double> ms = new LinkedHashMap<>();
      for (String m : ORDER) {
        ms.put(m, get(m));
      }
      return ms;
    }

    private void measureCostly() {
      // Sized for the suspect's messages up front: a mass mailer's recipients and subjects are all distinct.
      Set<String> rcpts = new HashSet<>(Math.max(16, g.size() * 2));
      Map<String, int[]> rcptDomains = new HashMap<>();
      Map<String, int[]> subjects = new HashMap<>(Math.max(16, g.size() * 2));
      long rcptCount = 0;
      int uniform = 0;
      for (QueuedMessage m : g) {
        for (Recipient r : m.recipients()) {
          if (!r.pending()) {
            continue;
          }
          rcptCount++;
          rcpts.add(r.address());
          rcptDomains.computeIfAbsent(r.domain(), x -> new int[1])[0]++;
        }
        if (m.subject() != null) {
          uniform = Math.max(uniform, ++subjects.computeIfAbsent(m.subject(), x -> new int[1])[0]);
        }
      }
      values.put("recipient-variety", rcptCount == 0 ? 0 : rcpts.size() / (double) rcptCount);
      values.put("recipient-domains", (double) rcptDomains.size());
      List<Integer> domainCounts = new ArrayList<>();
      rcptDomains.values().forEach(c -> domainCounts.add(c[0]));
      domainCounts.sort((a, b) -> b - a);
      long top3 = 0;
      for (int i = 0; i < domainCounts.size() && i < 3; i++) {
        top3 += domainCounts.get(i);
      }
      values.put("top-recipient-domains-share", rcptCount == 0 ? 0 : top3 / (double) rcptCount);
      values.put("subject-uniformity", uniform / (double) g.size());
    }
  }

  private static MessageSelector selector(Dimension d, String value) {
    return switch (d) {
      case SCRIPT -> MessageSelector.of(MessageSelector.Kind.SCRIPT, value);
      case AUTH_USER -> MessageSelector.of(MessageSelector.Kind.AUTH_USER, value);
      case SENDER -> MessageSelector.of(MessageSelector.Kind.SENDER, value);
      case SENDER_DOMAIN -> MessageSelector.of(MessageSelector.Kind.SENDER_DOMAIN, value);
      default -> null;
    };
  }
}
