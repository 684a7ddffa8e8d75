package dev.spamtrace.blocklist.dns;

import dev.spamtrace.blocklist.zones.Interpretation;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.QueryName;
import dev.spamtrace.blocklist.zones.Response;
import dev.spamtrace.blocklist.zones.Subject;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Checks addresses and domains on DNS lists, all at once: every query is asynchronous, at most
 * {@code maxInFlight} are outstanding (a quarter of them at most for any one list, so a dead list
 * cannot stall the others), each zone is held to its own rate, timeouts are per zone and timeouts
 * are retried. Each zone's RFC 5782 test entries are queried in the same run, and a zone
 * that fails them has its answers turned into "could not tell".
 *
 * <p>Queries are started by one dispatcher thread (it is the only one that waits for a free slot);
 * answers arrive on dnsjava's I/O thread, which never blocks here.
 */
public final class BlocklistChecker implements AutoCloseable {
  /**
   * @param timeout per query, unless the zone sets its own
   * @param retries extra tries after a timeout or network error (not after an answer)
   * @param maxInFlight queries outstanding at once
   * @param queriesPerSecondPerZone rate per zone, 0 for none (a zone's published limit still applies)
   */
  public record Settings(Duration timeout, int retries, int maxInFlight, double queriesPerSecondPerZone) {
    public Settings {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("max-in-flight must be at least 1");
      }
      if (retries < 0) {
        throw new IllegalArgumentException("retries must not be negative");
      }
    }
  }

  private final DnsTransport transport;
  private final Settings settings;
  private final Clock clock;
  private final Semaphore slots;
  private final DelayQueue<Pending> queue = new DelayQueue<>();
  private final Map<String, RateGate> gates = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final int perZoneCap;
  private final AtomicLong sent = new AtomicLong();
  private final Thread dispatcher;
  private volatile boolean open = true;

  public BlocklistChecker(DnsTransport transport, Settings settings, Clock clock) {
    this.transport = transport;
    this.settings = settings;
    this.clock = clock;
    this.slots = new Semaphore(settings.maxInFlight());
    // One list may hold at most a quarter of the slots, so a list that times out cannot stall the rest.
    this.perZoneCap = Math.max(1, settings.maxInFlight() / 4);
    this.dispatcher = new Thread(this::dispatch, "blocklist-dispatch");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /**
   * Checks every subject on every zone that covers it; zones that cover none of them are not asked
   * at all. {@code keys} fills {@code {key}} zone names.
   */
  public CheckRun check(List<Subject> subjects, List<Zone> zones, Map<String, String> keys) {
    Instant started = clock.instant();
    long sentBefore = sent.get();
    Map<Zone, CompletableFuture<ZoneHealth>> health = new LinkedHashMap<>();
    List<CompletableFuture<CheckRun.Check>> checks = new ArrayList<>();
    List<CheckRun.Check> notCovered = new ArrayList<>();
    for (Zone z : zones) {
      String queryZone = z.queryZone(keys.get(z.zone()));
      boolean any = false;
      for (Subject s : subjects) {
        if (!s.coveredBy(z)) {
          String why = s.kind() == Subject.Kind.DOMAIN ? "lists addresses, not domains"
              : z.target() == Zone.Target.DOMAIN ? "lists domains, not addresses" : "does not list IPv6 addresses";
          notCovered.add(new CheckRun.Check(s, z, "", new Outcome.Unknown(Outcome.Reason.NOT_COVERED, why), -1));
          continue;
        }
        if (z.needsKey() && !keys.containsKey(z.zone())) {
          notCovered.add(new CheckRun.Check(s, z, "", new Outcome.Unknown(Outcome.Reason.NOT_COVERED,
              "needs a key in blocklist.keys"), -1));
          continue;
        }
        any = true;
        checks.add(checkOne(s, z, queryZone));
      }
      if (any) {
        health.put(z, health(z, queryZone, subjects));
      }
    }
    CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();
    CompletableFuture.allOf(health.values().toArray(CompletableFuture[]::new)).join();
    Map<String, ZoneHealth> byZone = new LinkedHashMap<>();
    health.forEach((z, f) -> byZone.put(z.zone(), f.join()));
    List<CheckRun.Check> out = new ArrayList<>();
    for (CompletableFuture<CheckRun.Check> f : checks) {
      CheckRun.Check c = f.join();
      ZoneHealth h = byZone.get(c.zone().zone());
      out.add(new CheckRun.Check(c.subject(), c.zone(), c.query(), h == null ? c.outcome() : h.apply(c.outcome()), c.ttl()));
    }
    out.addAll(notCovered);
    return new CheckRun(started, clock.instant(), transport.describe(), List.copyOf(byZone.values()), out, sent.get() - sentBefore);
  }

  private CompletableFuture<CheckRun.Check> checkOne(Subject s, Zone z, String queryZone) {
    String name = s.queryName(queryZone);
    String shown = s.queryName(z.zone()); // with {key} in place of the key: reports and JSON never carry it
    return query(name, Type.A, z).thenCompose(r -> {
      Outcome o = Interpretation.of(z, r);
      long ttl = r instanceof Response.Answered a ? a.ttl() : -1;
      if (o instanceof Outcome.Listed l && z.txt() != Zone.Txt.NO) {
        return txt(name, z).thenApply(t -> new CheckRun.Check(s, z, shown, l.withTxt(t), ttl));
      }
      return CompletableFuture.completedFuture(new CheckRun.Check(s, z, shown, o, ttl));
    });
  }

  /** The zone's test entries: the always-listed one, the never-listed one and a random documentation entry. */
  private CompletableFuture<ZoneHealth> health(Zone z, String queryZone, List<Subject> subjects) {
    CompletableFuture<Response> listed = z.testListed().isEmpty() ? CompletableFuture.completedFuture(null)
        : query(testName(z, z.testListed(), queryZone), Type.A, z);
    List<CompletableFuture<Response>> never = new ArrayList<>();
    if (!z.testNotListed().isEmpty()) {
      never.add(query(testName(z, z.testNotListed(), queryZone), Type.A, z));
    }
    // A random never-listed entry too: a wildcard that happens to skip 127.0.0.1 still shows.
    String random = z.target() == Zone.Target.IP ? randomDocumentationAddress(subjects)
        : "spamtrace-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".invalid";
    if (!(z.target() == Zone.Target.IP && z.testNotListed().isEmpty())) {
      never.add(query(testName(z, random, queryZone), Type.A, z));
    }
    return listed.thenCombine(CompletableFuture.allOf(never.toArray(CompletableFuture[]::new)),
        (l, ignored) -> Interpretation.health(z, l, never.stream().map(CompletableFuture::join).toList()));
  }

  /**
   * A random address of 192.0.2.0/24 that is none of the subjects: a subject drawn as the
   * never-listed probe would make its own listing look like a list that lists everything.
   */
  public static String randomDocumentationAddress(List<Subject> subjects) {
    java.util.Set<String> checked = new java.util.HashSet<>();
    for (Subject s : subjects) {
      if (s.kind() == Subject.Kind.IPV4) {
        checked.add(s.address().getHostAddress());
      }
    }
    int start = ThreadLocalRandom.current().nextInt(1, 255);
    for (int i = 0; i < 254; i++) {
      String a = "192.0.2." + (1 + (start - 1 + i) % 254);
      if (!checked.contains(a)) {
        return a;
      }
    }
    return "198.51.100.1"; // all of 192.0.2.1-254 being checked at once: another documentation range
  }

  private static String testName(Zone z, String entry, String queryZone) {
    if (z.target() == Zone.Target.IP) {
      try {
        return QueryName.of(InetAddress.getByName(entry), queryZone); // a literal from the catalogue
      } catch (java.net.UnknownHostException e) {
        throw new IllegalArgumentException("catalogue test entry is not an address: " + entry, e);
      }
    }
    return entry + "." + queryZone;
  }

  private CompletableFuture<List<String>> txt(String name, Zone z) {
    return query(name, Type.TXT, z).thenApply(r -> r instanceof Response.Answered a ? a.addresses() : List.<String>of());
  }

  /** One logical query: tried up to 1 + retries times; never completes exceptionally. */
  CompletableFuture<Response> query(String name, int type, Zone z) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    Message q;
    try {
      q = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
    } catch (TextParseException e) {
      result.complete(new Response.Failed(Outcome.Reason.DNS_ERROR, "bad query name: " + e.getMessage()));
      return result;
    }
    Duration timeout = z.timeoutMs() != null ? Duration.ofMillis(z.timeoutMs()) : settings.timeout();
    attempt(q, type, z, timeout, 0, result);
    return result;
  }

  private void attempt(Message q, int type, Zone z, Duration timeout, int tried, CompletableFuture<Response> result) {
    long due = gate(z).reserve();
    AtomicInteger zoneInFlight = inFlight.computeIfAbsent(z.zone(), k -> new AtomicInteger());
    queue.add(new Pending(due, zoneInFlight, () -> {
      sent.incrementAndGet();
      CompletableFuture<Message> f;
      try {
        f = transport.send(q.clone(), timeout);
      } catch (RuntimeException e) {
        zoneInFlight.decrementAndGet();
        slots.release();
        result.complete(new Response.Failed(Outcome.Reason.NETWORK, e.toString()));
        return;
      }
      f.whenComplete((m, err) -> {
        zoneInFlight.decrementAndGet();
        slots.release();
        if (err == null) {
          result.complete(toResponse(m, type));
          return;
        }
        Response.Failed failed = failure(err);
        if (tried < settings.retries() && open) {
          attempt(q, type, z, timeout, tried + 1, result);
        } else {
          result.complete(tried == 0 ? failed
              : new Response.Failed(failed.reason(), failed.detail() + " after " + (tried + 1) + " tries"));
        }
      });
    }));
  }

  static Response toResponse(Message m, int type) {
    List<String> values = new ArrayList<>();
    long ttl = -1;
    for (Record r : m.getSection(Section.ANSWER)) {
      if (type == Type.A && r instanceof ARecord a) {
        values.add(a.getAddress().getHostAddress());
        ttl = ttl < 0 ? r.getTTL() : Math.min(ttl, r.getTTL());
      } else if (type == Type.TXT && r instanceof TXTRecord t) {
        values.add(String.join("", t.getStrings()));
      }
    }
    return new Response.Answered(m.getRcode(), values, ttl);
  }

  static Response.Failed failure(Throwable err) {
    Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
      return new Response.Failed(Outcome.Reason.TIMEOUT, "");
    }
    if (t instanceof PortUnreachableException) {
      return new Response.Failed(Outcome.Reason.NETWORK, "port unreachable (no resolver listening)");
    }
    if (t instanceof IOException) {
      return new Response.Failed(Outcome.Reason.NETWORK, String.valueOf(t.getMessage()));
    }
    return new Response.Failed(Outcome.Reason.NETWORK, t.toString());
  }

  private RateGate gate(Zone z) {
    return gates.computeIfAbsent(z.zone(), k -> {
      double qps = settings.queriesPerSecondPerZone();
      if (z.queriesPerSecond() != null && z.queriesPerSecond() > 0) {
        qps = qps > 0 ? Math.min(qps, z.queriesPerSecond()) : z.queriesPerSecond();
      }
      return new RateGate(qps);
    });
  }

  private void dispatch() {
    while (open) {
      try {
        Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
        if (p == null) {
          continue;
        }
        if (p.zoneInFlight.get() >= perZoneCap) {
          // This list already holds its share of the slots (a slow or dead list): the others go first.
          queue.add(p.later(System.nanoTime() + 2_000_000L));
          continue;
        }
        slots.acquire();
        p.zoneInFlight.incrementAndGet();
        p.start.run();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Total queries sent by this checker. */
  public long queriesSent() {
    return sent.get();
  }

  /** Stops the dispatcher and closes the transport (the checker owns it). */
  @Override
  public void close() {
    open = false;
    transport.close();
    dispatcher.interrupt();
    try {
      dispatcher.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Spaces one zone's queries {@code 1/qps} apart. */
  private static final class RateGate {
    private final long intervalNanos;
    private long next;

    RateGate(double qps) {
      this.intervalNanos = qps > 0 ? (long) (1_000_000_000L / qps) : 0;
    }

    synchronized long reserve() {
      long now = System.nanoTime();
      if (intervalNanos == 0) {
        return now;
      }
      long slot = Math.max(now, next);
      next = slot + intervalNanos;
      return slot;
    }
  }

  private static final class Pending implements Delayed {
    private final long due;
    private final AtomicInteger zoneInFlight;
    private final Runnable start;

    Pending(long due, AtomicInteger zoneInFlight, Runnable start) {
      this.due = due;
      this.zoneInFlight = zoneInFlight;
      this.start = start;
    }

    Pending later(long newDue) {
      return new Pending(newDue, zoneInFlight, start);
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(due, ((Pending) o).due);
    }
  }
}
