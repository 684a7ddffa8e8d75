package dev.spamtrace.blocklist.delisting;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Text;
import dev.spamtrace.support.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a delisting request may be proposed: only once the cause is gone. A fresh investigation
 * of the root must show none of the blocking findings (queue surge, suspicious process, cron
 * persistence, known-bad file) and nothing it could not check; no new listing may have appeared for
 * {@code quietHours}; and the journal must show something done, or a message would have nothing
 * true to say. Otherwise it says what still blocks it.
 */
public record Readiness(boolean ready, List<Text> blockers, List<Text> passed, List<String> checkedKinds, int quietHours) {
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * @param looked the inspectors that actually looked at the root (applicable ones): "no finding"
   *     from nothing that looked is not a clean bill
   */
  public static Readiness evaluate(List<Finding> fresh, List<Gap> gaps, List<String> looked, List<String> blockingKinds,
      Optional<Instant> lastNewListing, int quietHours, JournalStory story, Instant now) {
    List<Text> blockers = new ArrayList<>();
    List<Text> passed = new ArrayList<>();
    if (looked.isEmpty()) {
      blockers.add(Text.of("none of the inspectors that look for these findings could look at this root, so nothing shows the cause is gone",
          "これらの問題を調べる検査がこのルートを調査できなかったため、原因が無くなったことを示せません"));
    }
    String who = String.join(", ", looked);
    Map<String, List<String>> open = new LinkedHashMap<>();
    for (Finding f : fresh) {
      if (blockingKinds.contains(f.kind().id())) {
        open.computeIfAbsent(f.kind().id(), k -> new ArrayList<>()).add(f.subject());
      }
    }
    for (String kind : blockingKinds) {
      List<String> subjects = open.get(kind);
      String ja = jaLabel(kind);
      if (subjects == null) {
        passed.add(Text.of("no %s in a fresh look at the server (looked: %s)", "最新の調査で%3$sはありません (調査: %2$s)", kind, who, ja));
      } else {
        String shown = String.join(", ", subjects.stream().limit(3).map(Printable::of).toList()) + (subjects.size() > 3 ? ", …" : "");
        blockers.add(new Text(String.format("still there: %d %s (%s)", subjects.size(), kind, shown),
            String.format("まだ残っています: %s %d 件 (%s)", ja, subjects.size(), shown)));
      }
    }
    if (!gaps.isEmpty()) {
      List<String> shown = gaps.stream().limit(3).map(g -> Printable.of(g.source()) + ": " + g.reason().en()).toList();
      blockers.add(new Text(String.format("the fresh look could not check %d source(s), so it cannot say the cause is gone: %s%s",
          gaps.size(), String.join("; ", shown), gaps.size() > 3 ? "; …" : ""),
          String.format("最新の調査で %d 件を確認できなかったため、原因が無くなったとは言えません: %s%s",
              gaps.size(), String.join("; ", shown), gaps.size() > 3 ? "; …" : "")));
    }
    if (lastNewListing.isPresent()) {
      Duration since = Duration.between(lastNewListing.get(), now);
      if (since.compareTo(Duration.ofHours(quietHours)) < 0) {
        Instant until = lastNewListing.get().plus(Duration.ofHours(quietHours));
        blockers.add(Text.of("a new listing appeared at %s, less than %d hours ago: wait until %s without new listings",
            "%1$s に新たな掲載があり、%2$d 時間経っていません: 新たな掲載が無いまま %3$s まで待ってください",
            TIME.format(lastNewListing.get()), quietHours, TIME.format(until)));
      } else {
        passed.add(Text.of("no new listing for %d hours (last at %s)", "%2$s 以降 %1$d 時間以上、新たな掲載はありません", quietHours, TIME.format(lastNewListing.get())));
      }
    } else {
      passed.add(Text.of("no listing recorded as new in the history", "履歴に新たな掲載の記録はありません"));
    }
    if (story.isEmpty()) {
      blockers.add(Text.of("the journal shows nothing done yet: a request would have nothing true to say",
          "ジャーナルに対応の記録がありません: 依頼文に書ける事実がありません"));
    } else {
      passed.add(Text.of("the journal shows %d action(s) done", "ジャーナルに %d 件の対応記録があります", story.actions().size()));
    }
    if (!story.problems().isEmpty()) {
      blockers.add(Text.of("the journal has problems (%s): check it before writing from it", "ジャーナルに問題があります (%s): 確認してから依頼文を作成してください",
          String.join("; ", story.problems())));
    }
    return new Readiness(blockers.isEmpty(), blockers, passed, List.copyOf(blockingKinds), quietHours);
  }

  static String jaLabel(String kind) {
    try {
      return FindingKind.fromId(kind).label(dev.spamtrace.incident.Lang.JA);
    } catch (IllegalArgumentException e) {
      return kind;
    }
  }
}
