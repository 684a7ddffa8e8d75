package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.history.Trend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 history: every check kept, transitions derived, could-not-tell never a transition, the trend after an incident. */
class HistoryStoreTest {
  static final String IP = "192.0.2.42";
  static final Instant T0 = Instant.parse("2026-11-27T19:40:00Z");

  @TempDir Path state;

  static Map<String, String> answers(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void listingDelistingRelistingAreRecordedAndUnknownChangesNothing() throws Exception {
    try (HistoryStore h = HistoryStore.open(state)) {
      assertThat(h.record(Runs.run(T0, IP, answers("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "")), "check"))
          .extracting(HistoryStore.Event::event, HistoryStore.Event::zone).containsExactly(org.assertj.core.groups.Tuple.tuple("listed", "zen.spamhaus.org"));
      // A timeout and a Spamhaus error code: not a delisting, not a listing.
      assertThat(h.record(Runs.run(T0.plusSeconds(3600), IP, answers("zen.spamhaus.org", "timeout", "bl.spamcop.net", "127.255.255.254")), "check")).isEmpty();
      assertThat(h.record(Runs.run(T0.plusSeconds(7200), IP, answers("zen.spamhaus.org", "", "bl.spamcop.net", "")), "check"))
          .extracting(HistoryStore.Event::event).containsExactly("delisted");
      assertThat(h.record(Runs.run(T0.plusSeconds(10800), IP, answers("zen.spamhaus.org", "127.0.0.3", "bl.spamcop.net", "")), "check"))
          .extracting(HistoryStore.Event::event, HistoryStore.Event::codes).containsExactly(org.assertj.core.groups.Tuple.tuple("relisted", "127.0.0.3"));
      assertThat(h.events(IP, "zen.spamhaus.org")).extracting(HistoryStore.Event::event).containsExactly("listed", "delisted", "relisted");
      assertThat(h.observations(IP, null)).hasSize(8);
      assertThat(h.series(IP)).extracting(HistoryStore.RunPoint::count).containsExactly(1, 0, 0, 1);
      assertThat(h.series(IP).get(1).unknownOn()).containsExactlyInAnyOrder("zen.spamhaus.org", "bl.spamcop.net");
      assertThat(h.currentListings(IP)).extracting(HistoryStore.Observation::zone).containsExactly("zen.spamhaus.org");
      assertThat(h.lastNewListing(List.of(IP))).contains(T0.plusSeconds(10800));
    }
    // Kept across opens (a file under the state folder).
    assertThat(HistoryStore.exists(state)).isTrue();
    try (HistoryStore h = HistoryStore.open(state)) {
      assertThat(h.subjects()).containsExactly(IP);
    }
  }

  @Test
  void theCountRisingAfterADelistingRequestIsFlagged() throws Exception {
    try (HistoryStore h = HistoryStore.open(state)) {
      h.record(Runs.run(T0, IP, answers("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "127.0.0.2", "psbl.surriel.com", "")), "check");
      h.recordRequest(IP, "psbl.surriel.com", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1)), "premature");
      h.record(Runs.run(T0.plus(Duration.ofHours(12)), IP, answers("zen.spamhaus.org", "127.0.0.4", "bl.spamcop.net", "127.0.0.2", "psbl.surriel.com", "127.0.0.2")), "check");
      Trend t = Trend.of(h.series(IP), T0.minusSeconds(600));
      assertThat(t.state()).isEqualTo(Trend.State.RISING);
      assertThat(t.first()).isEqualTo(2);
      assertThat(t.last()).isEqualTo(3);
      assertThat(t.newLists()).containsExactly("psbl.surriel.com");
      assertThat(t.message().en()).contains("not falling, it is rising");
      assertThat(t.message().ja()).contains("増えています");
      assertThat(h.requests(IP, null)).extracting(HistoryStore.Request::note).containsExactly("premature");
    }
  }

  @Test
  void trendStates() {
    HistoryStore.RunPoint a = new HistoryStore.RunPoint(1, T0, List.of("x", "y"), List.of(), 5);
    HistoryStore.RunPoint b = new HistoryStore.RunPoint(2, T0.plusSeconds(60), List.of("x"), List.of(), 5);
    HistoryStore.RunPoint c = new HistoryStore.RunPoint(3, T0.plusSeconds(120), List.of(), List.of(), 5);
    HistoryStore.RunPoint d = new HistoryStore.RunPoint(4, T0.plusSeconds(180), List.of("x", "y"), List.of(), 5);
    assertThat(Trend.of(List.of(a, b), null).state()).isEqualTo(Trend.State.FALLING);
    assertThat(Trend.of(List.of(a, b, c), null).state()).isEqualTo(Trend.State.CLEAR);
    assertThat(Trend.of(List.of(a, a), null).state()).isEqualTo(Trend.State.NOT_FALLING);
    assertThat(Trend.of(List.of(a, b, d), null).state()).isEqualTo(Trend.State.RISING);
    assertThat(Trend.of(List.of(a), null).state()).isEqualTo(Trend.State.TOO_FEW_RUNS);
    // Points before the incident are not part of the trend.
    assertThat(Trend.of(List.of(d, b), T0.plusSeconds(200)).state()).isEqualTo(Trend.State.TOO_FEW_RUNS);
  }
}
