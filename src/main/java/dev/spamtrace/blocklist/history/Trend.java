package dev.spamtrace.blocklist.history;

import dev.spamtrace.incident.Text;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the count of lists is going for one address since a point in time (the incident, or the
 * first delisting request). The staff saw the count grow after asking for delisting too early,
 * because the cause (a cron job) was still there; that is what {@link State#RISING} says.
 *
 * @param first lists at the first run since {@code since}
 * @param lowest the fewest lists at any run since then
 * @param last lists at the latest run
 * @param newLists lists at the latest run that did not list it at the first
 */
public record Trend(State state, Instant since, int runs, int first, int lowest, int last, List<String> newLists, Text message) {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public enum State { RISING, NOT_FALLING, FALLING, CLEAR, TOO_FEW_RUNS }

  public static Trend of(List<HistoryStore.RunPoint> series, Instant since) {
    List<HistoryStore.RunPoint> points = new ArrayList<>();
    for (HistoryStore.RunPoint p : series) {
      if (since == null || !p.at().isBefore(since)) {
        points.add(p);
      }
    }
    String from = since == null ? "the first check" : TIME.format(since);
    String fromJa = since == null ? "最初の確認" : TIME.format(since);
    if (points.isEmpty()) {
      return new Trend(State.TOO_FEW_RUNS, since, 0, 0, 0, 0, List.of(),
          new Text("no check since " + from, fromJa + " 以降の確認がありません"));
    }
    HistoryStore.RunPoint firstP = points.get(0);
    HistoryStore.RunPoint lastP = points.get(points.size() - 1);
    int first = firstP.count();
    int last = lastP.count();
    int lowest = points.stream().mapToInt(HistoryStore.RunPoint::count).min().orElse(0);
    List<String> added = lastP.listedOn().stream().filter(z -> !firstP.listedOn().contains(z)).toList();
    if (last == 0) {
      return new Trend(State.CLEAR, since, points.size(), first, lowest, last, added,
          Text.of("on no list at the latest check (%s)", "最新の確認 (%s) ではどのリストにも掲載されていません", TIME.format(lastP.at())));
    }
    if (points.size() < 2) {
      return new Trend(State.TOO_FEW_RUNS, since, 1, first, lowest, last, added,
          new Text(String.format("listed on %d lists; one check since %s, check again to see the trend", last, from),
              String.format("%d リストに掲載。%s 以降の確認が 1 回のみです。傾向を見るには再確認してください", last, fromJa)));
    }
    String newOnes = added.isEmpty() ? "" : "; new: " + String.join(", ", added);
    String newOnesJa = added.isEmpty() ? "" : "。新たに: " + String.join(", ", added);
    if (last > lowest) {
      return new Trend(State.RISING, since, points.size(), first, lowest, last, added, new Text(
          String.format("the number of lists is not falling, it is rising: %d at %s (lowest %d), now %d%s. The cause is probably still there: do not ask for delisting yet",
              first, TIME.format(firstP.at()), lowest, last, newOnes),
          String.format("掲載数が減っていません。増えています: %s に %d 件 (最少 %d 件)、現在 %d 件%s。原因がまだ残っている可能性が高いため、削除依頼はまだ出さないでください",
              TIME.format(firstP.at()), first, lowest, last, newOnesJa)));
    }
    if (last >= first) {
      return new Trend(State.NOT_FALLING, since, points.size(), first, lowest, last, added, new Text(
          String.format("the number of lists is not falling: %d at %s, still %d%s", first, TIME.format(firstP.at()), last, newOnes),
          String.format("掲載数が減っていません: %s に %d 件、現在も %d 件%s", TIME.format(firstP.at()), first, last, newOnesJa)));
    }
    return new Trend(State.FALLING, since, points.size(), first, lowest, last, added, new Text(
        String.format("falling: %d at %s, now %d", first, TIME.format(firstP.at()), last),
        String.format("減少しています: %s に %d 件、現在 %d 件", TIME.format(firstP.at()), first, last)));
  }
}
