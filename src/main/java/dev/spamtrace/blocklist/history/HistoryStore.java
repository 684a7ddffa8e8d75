package dev.spamtrace.blocklist.history;

import dev.spamtrace.blocklist.dns.CheckRun;
import dev.spamtrace.blocklist.zones.Outcome;
import dev.spamtrace.blocklist.zones.ZoneHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The blocklist history: an embedded H2 file under the state folder ({@code blocklist-history.mv.db}),
 * its schema made by Flyway migrations ({@code db/blocklist}), read and written with Jdbi. Every
 * check and every transition (listed, delisted, relisted) is kept with its time, and every delisting
 * request the operator records. The only place in {@code blocklist} that writes.
 */
public final class HistoryStore implements AutoCloseable {
  public static final String FILE = "blocklist-history";

  private final Handle handle;
  private final Path file;

  private HistoryStore(Jdbi jdbi, Path file) {
    this.handle = jdbi.open();
    this.file = file;
  }

  /** Opens (creating and migrating if needed) the history in a state folder. */
  public static HistoryStore open(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    Path base = stateDir.toAbsolutePath().normalize().resolve(FILE);
    JdbcDataSource ds = new JdbcDataSource();
    // One process at a time holds the file (H2's file lock); a second run fails fast and says so.
    ds.setURL("jdbc:h2:file:" + base + ";DB_CLOSE_ON_EXIT=FALSE");
    ds.setUser("spamtrace");
    ds.setPassword("");
    Flyway.configure().dataSource(ds).locations("classpath:db/blocklist").load().migrate();
    return new HistoryStore(Jdbi.create(ds), Path.of(base + ".mv.db"));
  }

  /** Whether a state folder has a history at all (reading commands do not create one). */
  public static boolean exists(Path stateDir) {
    return Files.exists(stateDir.resolve(FILE + ".mv.db"));
  }

  public Path file() {
    return file;
  }

  /** One transition of one subject on one list. */
  public record Event(Instant at, String subject, String zone, String event, String codes) {}

  /** A delisting request the operator sent. */
  public record Request(long id, String subject, String zone, Instant sentAt, Instant recordedAt, String note) {}

  /** One recorded check. */
  public record Observation(long runId, Instant at, String subject, String zone, String outcome, String codes, String meanings,
      String verdict, String txt, String reason, String detail) {}

  /** How one subject stood in one run: the lists listing it and the lists that could not tell. */
  public record RunPoint(long runId, Instant at, List<String> listedOn, List<String> unknownOn, int asked) {
    public int count() {
      return listedOn.size();
    }
  }

  /**
   * Records a run and returns the transitions it made. A could-not-tell result changes nothing:
   * a timeout is never a delisting and an error code never a listing.
   */
  public List<Event> record(CheckRun run, String source) {
    return handle.inTransaction(h -> {
      long runId = h.createUpdate("insert into check_run(started_ms, finished_ms, resolver, source, queries) values (?,?,?,?,?)")
          .bind(0, run.started().toEpochMilli()).bind(1, run.finished().toEpochMilli()).bind(2, run.resolver()).bind(3, source)
          .bind(4, run.queries()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
      for (ZoneHealth zh : run.health()) {
        h.createUpdate("insert into zone_health(run_id, zone, state, detail) values (?,?,?,?)")
            .bind(0, runId).bind(1, zh.zone()).bind(2, zh.state().id()).bind(3, clip(zh.detail().en(), 2000)).execute();
      }
      List<Event> events = new ArrayList<>();
      long at = run.finished().toEpochMilli();
      for (CheckRun.Check c : run.checks()) {
        Outcome o = c.outcome();
        if (o instanceof Outcome.Unknown u && u.reason() == Outcome.Reason.NOT_COVERED) {
          continue;
        }
        String subject = c.subject().value();
        String zone = c.zone().zone();
        Optional<String> before = h.createQuery("select outcome from observation where subject = ? and zone = ? and outcome in ('listed','not-listed') order by checked_ms desc, id desc limit 1")
            .bind(0, subject).bind(1, zone).mapTo(String.class).findFirst();
        var ins = h.createUpdate("insert into observation(run_id, checked_ms, subject, zone, outcome, codes, meanings, verdict, txt, reason, detail, ttl) values (?,?,?,?,?,?,?,?,?,?,?,?)")
            .bind(0, runId).bind(1, at).bind(2, subject).bind(3, zone).bind(4, o.id()).bind(11, c.ttl());
        String codes = null;
        if (o instanceof Outcome.Listed l) {
          codes = l.codes();
          ins.bind(5, clip(codes, 500)).bind(6, clip(l.meanings(), 2000)).bind(7, l.verdict().id())
              .bind(8, clip(String.join(" | ", l.txt()), 4000)).bindNull(9, java.sql.Types.VARCHAR).bindNull(10, java.sql.Types.VARCHAR);
        } else if (o instanceof Outcome.Unknown u) {
          ins.bindNull(5, java.sql.Types.VARCHAR).bindNull(6, java.sql.Types.VARCHAR).bindNull(7, java.sql.Types.VARCHAR)
              .bindNull(8, java.sql.Types.VARCHAR).bind(9, u.reason().id()).bind(10, clip(u.explain().en(), 2000));
        } else {
          ins.bindNull(5, java.sql.Types.VARCHAR).bind(6, clip(((Outcome.NotListed) o).note(), 2000)).bindNull(7, java.sql.Types.VARCHAR)
              .bindNull(8, java.sql.Types.VARCHAR).bindNull(9, java.sql.Types.VARCHAR).bindNull(10, java.sql.Types.VARCHAR);
        }
        ins.execute();
        String event = null;
        if (o instanceof Outcome.Listed && !before.equals(Optional.of("listed"))) {
          boolean listedBefore = h.createQuery("select count(*) from listing_event where subject = ? and zone = ? and event in ('listed','relisted')")
              .bind(0, subject).bind(1, zone).mapTo(Long.class).one() > 0;
          event = listedBefore ? "relisted" : "listed";
        } else if (o instanceof Outcome.NotListed && before.equals(Optional.of("listed"))) {
          event = "delisted";
        }
        if (event != null) {
          h.createUpdate("insert into listing_event(run_id, at_ms, subject, zone, event, codes) values (?,?,?,?,?,?)")
              .bind(0, runId).bind(1, at).bind(2, subject).bind(3, zone).bind(4, event).bind(5, codes).execute();
          events.add(new Event(run.finished(), subject, zone, event, codes));
        }
      }
      return events;
    });
  }

  public Request recordRequest(String subject, String zone, Instant sentAt, Instant recordedAt, String note) {
    long id = handle.createUpdate("insert into delisting_request(subject, zone, sent_ms, recorded_ms, note) values (?,?,?,?,?)")
        .bind(0, subject).bind(1, zone).bind(2, sentAt.toEpochMilli()).bind(3, recordedAt.toEpochMilli()).bind(4, note == null ? "" : clip(note, 2000))
        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    return new Request(id, subject, zone, sentAt, recordedAt, note == null ? "" : note);
  }

  /** Requests, oldest first; null filters mean all. */
  public List<Request> requests(String subject, String zone) {
    return handle.createQuery("select id, subject, zone, sent_ms, recorded_ms, note from delisting_request"
            + where(subject, zone) + " order by sent_ms, id")
        .bindMap(filters(subject, zone))
        .map((rs, ctx) -> new Request(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)))
        .list();
  }

  /** Transitions, oldest first; null filters mean all. */
  public List<Event> events(String subject, String zone) {
    return handle.createQuery("select at_ms, subject, zone, event, codes from listing_event"
            + where(subject, zone) + " order by at_ms, id")
        .bindMap(filters(subject, zone))
        .map((rs, ctx) -> new Event(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
        .list();
  }

  public List<Observation> observations(String subject, String zone) {
    return handle.createQuery("select run_id, checked_ms, subject, zone, outcome, codes, meanings, verdict, txt, reason, detail from observation"
            + where(subject, zone) + " order by checked_ms, id")
        .bindMap(filters(subject, zone))
        .map((rs, ctx) -> new Observation(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11)))
        .list();
  }

  /** Every subject ever checked, in the order first seen. */
  public List<String> subjects() {
    return handle.createQuery("select subject from observation group by subject order by min(id)").mapTo(String.class).list();
  }

  /** The subject's standing in each run that checked it, oldest first. */
  public List<RunPoint> series(String subject) {
    Map<Long, Instant> at = new LinkedHashMap<>();
    Map<Long, List<String>> listed = new LinkedHashMap<>();
    Map<Long, List<String>> unknown = new LinkedHashMap<>();
    Map<Long, Integer> asked = new LinkedHashMap<>();
    for (Observation o : observations(subject, null)) {
      at.putIfAbsent(o.runId(), o.at());
      listed.computeIfAbsent(o.runId(), k -> new ArrayList<>());
      unknown.computeIfAbsent(o.runId(), k -> new ArrayList<>());
      asked.merge(o.runId(), 1, Integer::sum);
      if (o.outcome().equals("listed")) {
        listed.get(o.runId()).add(o.zone());
      } else if (o.outcome().equals("unknown")) {
        unknown.get(o.runId()).add(o.zone());
      }
    }
    List<RunPoint> out = new ArrayList<>();
    at.forEach((run, t) -> out.add(new RunPoint(run, t, listed.get(run), unknown.get(run), asked.get(run))));
    return out;
  }

  /** The lists that listed the subject at their latest definite answer (a later could-not-tell does not clear it). */
  public List<Observation> currentListings(String subject) {
    Map<String, Observation> latest = new LinkedHashMap<>();
    for (Observation o : observations(subject, null)) {
      if (!o.outcome().equals("unknown")) {
        latest.put(o.zone(), o);
      }
    }
    return latest.values().stream().filter(o -> o.outcome().equals("listed")).toList();
  }

  /** When a listing last began (listed or relisted) for any of the subjects, if ever. */
  public Optional<Instant> lastNewListing(List<String> subjects) {
    Instant last = null;
    for (String s : subjects) {
      for (Event e : events(s, null)) {
        if (!e.event().equals("delisted") && (last == null || e.at().isAfter(last))) {
          last = e.at();
        }
      }
    }
    return Optional.ofNullable(last);
  }

  /** A where clause for the filters that are set (H2 cannot type a bare {@code ? is null}). */
  private static String where(String subject, String zone) {
    List<String> c = new ArrayList<>();
    if (subject != null) {
      c.add("subject = :s");
    }
    if (zone != null) {
      c.add("zone = :z");
    }
    return c.isEmpty() ? "" : " where " + String.join(" and ", c);
  }

  private static Map<String, Object> filters(String subject, String zone) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (subject != null) {
      m.put("s", subject);
    }
    if (zone != null) {
      m.put("z", zone);
    }
    return m;
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  @Override
  public void close() {
    handle.close();
  }
}
