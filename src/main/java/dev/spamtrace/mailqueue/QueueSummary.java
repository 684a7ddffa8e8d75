package dev.spamtrace.mailqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals and breakdowns of one or more queues: what {@code spamtrace queue summary} prints and
 * the {@code mail-queue-surge} finding carries. Pure: messages in, counts out.
 *
 * @param messages messages counted
 * @param recipients pending recipients
 * @param bytes total size
 * @param byQueue messages per queue (deferred, active, …)
 * @param top for each breakdown, its top entries, most first
 * @param distinct for each breakdown, how many distinct keys it has
 * @param ages the age histogram: bucket label → messages
 * @param oldest earliest arrival, or null
 * @param newest latest arrival, or null
 * @param busiest the ten minutes in which the most of these messages arrived, or null
 * @param busiestCount how many arrived then
 */
public record QueueSummary(
    int messages, long recipients, long bytes, Map<String, Integer> byQueue, Map<Dimension, List<Count>> top,
    Map<Dimension, Integer> distinct, Map<String, Integer> ages, Instant oldest, Instant newest, Instant busiest, int busiestCount) {

  /** One entry of a breakdown. */
  public record Count(String key, int count) {}

  private static final Duration SLOT = Duration.ofMinutes(10);

  /** Every breakdown but the subject: spam makes each subject unique, and the verdicts measure subjects themselves. */
  static final List<Dimension> SUMMARISED = java.util.Arrays.stream(Dimension.values()).filter(d -> d != Dimension.SUBJECT).toList();

  public static QueueSummary of(List<QueuedMessage> messages, int topN, List<Integer> ageBucketsMinutes, Instant now) {
    // Each breakdown is counted in its own pass (and the passes run in parallel): a queue of a
    // hundred thousand messages makes a million counts.
    Map<Dimension, Map<String, int[]>> counts = new EnumMap<>(Dimension.class);
    SUMMARISED.parallelStream().map(d -> Map.entry(d, count(messages, d))).toList().forEach(e -> counts.put(e.getKey(), e.getValue()));
    counts.put(Dimension.SUBJECT, Map.of());
    Map<String, Integer> byQueue = new TreeMap<>();
    long rcpts = 0;
    long bytes = 0;
    Instant oldest = null;
    Instant newest = null;
    Map<Long, Integer> slots = new HashMap<>();
    List<Integer> bounds = ageBucketsMinutes.stream().sorted().toList();
    int[] ageCounts = new int[bounds.size() + 2];
    for (QueuedMessage m : messages) {
      byQueue.merge(m.queue(), 1, Integer::sum);
      bytes += m.size();
      for (Recipient r : m.recipients()) {
        if (r.pending()) {
          rcpts++;
        }
      }
      Instant a = m.arrival();
      if (a == null) {
        ageCounts[ageCounts.length - 1]++;
        continue;
      }
      oldest = oldest == null || a.isBefore(oldest) ? a : oldest;
      newest = newest == null || a.isAfter(newest) ? a : newest;
      slots.merge(a.getEpochSecond() / SLOT.getSeconds(), 1, Integer::sum);
      long minutes = Math.max(0, Duration.between(a, now).toMinutes());
      int b = 0;
      while (b < bounds.size() && minutes >= bounds.get(b)) {
        b++;
      }
      ageCounts[b]++;
    }
    Map<Dimension, List<Count>> top = new EnumMap<>(Dimension.class);
    Map<Dimension, Integer> distinct = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      top.put(d, top(counts.get(d), topN));
      distinct.put(d, counts.get(d).size());
    }
    Map<String, Integer> ages = new LinkedHashMap<>();
    for (int i = 0; i <= bounds.size(); i++) {
      String label = i == 0 ? "<" + minutes(bounds.get(0)) : i == bounds.size() ? ">=" + minutes(bounds.get(i - 1))
          : minutes(bounds.get(i - 1)) + "-" + minutes(bounds.get(i));
      ages.put(label, ageCounts[i]);
    }
    if (ageCounts[ageCounts.length - 1] > 0) {
      ages.put("unknown", ageCounts[ageCounts.length - 1]);
    }
    Instant busiest = null;
    int busiestCount = 0;
    for (Map.Entry<Long, Integer> e : slots.entrySet()) {
      if (e.getValue() > busiestCount || e.getValue() == busiestCount && busiest != null && e.getKey() * SLOT.getSeconds() < busiest.getEpochSecond()) {
        busiestCount = e.getValue();
        busiest = Instant.ofEpochSecond(e.getKey() * SLOT.getSeconds());
      }
    }
    return new QueueSummary(messages.size(), rcpts, bytes, byQueue, top, distinct, ages, oldest, newest, busiest, busiestCount);
  }

  /** How many messages (recipients, for recipient domains) count under each key of one breakdown. */
  static Map<String, int[]> count(List<QueuedMessage> messages, Dimension d) {
    Map<String, int[]> c = new HashMap<>();
    for (QueuedMessage m : messages) {
      if (d.perRecipient()) {
        for (String k : Dimension.recipientDomains(m)) {
          c.computeIfAbsent(k, x -> new int[1])[0]++;
        }
      } else {
        String k = d.key(m);
        if (k != null) {
          c.computeIfAbsent(k, x -> new int[1])[0]++;
        }
      }
    }
    return c;
  }

  /** The top entries, most first, ties by key so the output is stable. */
  static List<Count> top(Map<String, int[]> counts, int n) {
    Comparator<Count> order = Comparator.comparingInt(Count::count).reversed().thenComparing(Count::key);
    // A bounded heap: a breakdown may have a hundred thousand keys (subjects) and we want ten.
    java.util.PriorityQueue<Count> worstFirst = new java.util.PriorityQueue<>(order.reversed());
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      Count c = new Count(e.getKey(), e.getValue()[0]);
      if (worstFirst.size() < n) {
        worstFirst.add(c);
      } else if (n > 0 && order.compare(c, worstFirst.peek()) < 0) {
        worstFirst.poll();
        worstFirst.add(c);
      }
    }
    List<Count> all = new ArrayList<>(worstFirst);
    all.sort(order);
    return List.copyOf(all);
  }

  /** "10m", "6h", "3d": how the age buckets are labelled. */
  static String minutes(int m) {
    if (m % 1440 == 0) {
      return m / 1440 + "d";
    }
    if (m % 60 == 0) {
      return m / 60 + "h";
    }
    return m + "m";
  }
}
