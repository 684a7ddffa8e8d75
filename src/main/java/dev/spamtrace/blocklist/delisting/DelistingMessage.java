package dev.spamtrace.blocklist.delisting;

import dev.spamtrace.support.Printable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delisting request in English, the follow-up after a late finding, and the staff's internal
 * note in Japanese, written from the journal in the style of the field guide's message. Every
 * sentence about what happened comes from a journaled action that was done and not undone, or from
 * the kind of finding such an action answered; nothing else is claimed.
 */
public final class DelistingMessage {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Phrases phrases;

  public DelistingMessage(Phrases phrases) {
    this.phrases = phrases;
  }

  /** The request for one address (or domain): what happened and what was done, then the ask. */
  public String request(String subject, JournalStory story, Readiness readiness) {
    StringBuilder b = new StringBuilder();
    b.append("Subject: Delisting request for ").append(subject).append("\n\n");
    b.append("Hello,\n\n");
    List<String> causes = causes(story.actions(), subject);
    if (!causes.isEmpty()) {
      b.append(sentences(causes)).append("\n");
    }
    b.append(span(story.actions())).append(" we:\n");
    bullets(b, story.actions());
    checked(b, readiness);
    b.append("\nPlease delist ").append(subject).append(" from your list.\n\n");
    b.append("Best regards,\n");
    return b.toString();
  }

  /** The follow-up after a request: only what was done after it was sent. */
  public String followUp(String subject, Instant requestSent, JournalStory story, Readiness readiness) {
    List<JournalStory.Done> later = story.after(requestSent);
    StringBuilder b = new StringBuilder();
    b.append("Subject: Re: Delisting request for ").append(subject).append("\n\n");
    b.append("Hello,\n\n");
    b.append("After our request of ").append(TIME.format(requestSent))
        .append(" we found that the cause had not been completely removed. ");
    List<String> causes = causes(later, subject);
    if (!causes.isEmpty()) {
      b.append(sentences(causes)).append(" ");
    }
    b.append(span(later)).append(" we:\n");
    bullets(b, later);
    checked(b, readiness);
    b.append("\nPlease delist ").append(subject).append(" from your list. We are sorry for the repeated request.\n\n");
    b.append("Best regards,\n");
    return b.toString();
  }

  /** What the passed gate checked, in the phrase file's words; nothing when it did not pass. */
  private void checked(StringBuilder b, Readiness readiness) {
    if (!readiness.ready()) {
      return;
    }
    List<String> found = new ArrayList<>();
    for (Phrases.CausePhrase c : phrases.clear()) {
      if (readiness.checkedKinds().contains(c.kind())) {
        found.add(c.en());
      }
    }
    b.append("\nA fresh check of the server after this found ");
    if (!found.isEmpty()) {
      b.append(found.size() == 1 ? found.get(0) : String.join(", ", found.subList(0, found.size() - 1)) + " and " + found.get(found.size() - 1))
          .append(", and ");
    }
    b.append("the address has had no new listing for ").append(readiness.quietHours()).append(" hours.\n");
  }

  /** The staff's note (Japanese): the timeline from the journal, the gate, each list's plan. */
  public String internalNote(String subject, JournalStory story, Readiness readiness, List<DelistingPlan.Step> steps, Instant now,
      boolean requestBelow) {
    StringBuilder b = new StringBuilder();
    b.append("【社内メモ】ブラックリスト削除依頼 ").append(subject).append(" (作成 ").append(TIME.format(now)).append(")\n\n");
    b.append("▼ 対応履歴 (ジャーナルより。取り消し済み・失敗・拒否は含みません)\n");
    if (story.actions().isEmpty()) {
      b.append("  (記録なし)\n");
    }
    for (JournalStory.Done d : story.actions()) {
      b.append("  ").append(TIME.format(d.at())).append("  ").append(d.type()).append("  ").append(Printable.of(d.target()));
      if (d.result() != null) {
        b.append("\n      ").append(Printable.of(d.result().ja()));
      }
      b.append('\n');
    }
    b.append("\n▼ 削除依頼の可否: ").append(readiness.ready() ? "可" : "まだ不可").append('\n');
    readiness.blockers().forEach(t -> b.append("  × ").append(Printable.of(t.ja())).append('\n'));
    readiness.passed().forEach(t -> b.append("  ○ ").append(Printable.of(t.ja())).append('\n'));
    b.append("\n▼ リストごとの方針\n");
    for (DelistingPlan.Step s : steps) {
      if (!s.subject().equals(subject)) {
        continue;
      }
      b.append("  ").append(s.zone().zone()).append(" (").append(s.codes()).append(" ").append(Printable.of(s.meanings())).append(")\n")
          .append("      ").append(label(s.kind())).append(": ").append(Printable.of(s.what().ja())).append('\n');
      s.notes().forEach(n -> b.append("      ※ ").append(Printable.of(n.ja())).append('\n'));
    }
    if (requestBelow) {
      b.append("\n▼ 依頼文 (英語) は下記。送信したら `spamtrace blocklist delist record --zone ZONE ").append(subject).append("` で記録してください。\n");
    } else {
      b.append("\n▼ 依頼文はまだありません (依頼できるリストがないか、阻害要因が残っています)。\n");
    }
    return b.toString();
  }

  static String label(DelistingPlan.Kind k) {
    return switch (k) {
      case WAIT -> "自動削除を待つ";
      case REQUEST -> "依頼する";
      case NOT_YET -> "まだ依頼しない";
      case FOLLOW_UP -> "追記を送る";
      case REQUESTED -> "依頼済み";
      case PROVIDER -> "上位事業者へ";
      case NONE -> "対応不要";
    };
  }

  /** Each cause as its own sentence. */
  static String sentences(List<String> causes) {
    return String.join(" ", causes.stream().map(c -> capitalise(c) + ".").toList());
  }

  /** One sentence per kind of finding behind the done actions, in the phrase file's order; the first two. */
  List<String> causes(List<JournalStory.Done> actions, String subject) {
    Set<String> kinds = new LinkedHashSet<>();
    actions.forEach(a -> kinds.addAll(a.findingKinds()));
    List<String> out = new ArrayList<>();
    for (Phrases.CausePhrase c : phrases.causes()) {
      if (kinds.contains(c.kind())) {
        out.add(c.en().replace("{address}", subject));
      }
    }
    return out.size() > 2 ? out.subList(0, 2) : out;
  }

  static String span(List<JournalStory.Done> actions) {
    if (actions.isEmpty()) {
      return "So far";
    }
    String first = DAY.format(actions.get(0).at());
    String last = DAY.format(actions.get(actions.size() - 1).at());
    return first.equals(last) ? "On " + first + " (UTC)" : "Between " + first + " and " + last + " (UTC)";
  }

  /** One bullet per kind of action, in the phrase file's order; unknown types in the journal's own words. */
  void bullets(StringBuilder b, List<JournalStory.Done> actions) {
    Map<Phrases.ActionPhrase, List<JournalStory.Done>> known = new LinkedHashMap<>();
    for (Phrases.ActionPhrase p : phrases.actions()) {
      known.put(p, new ArrayList<>());
    }
    List<JournalStory.Done> other = new ArrayList<>();
    for (JournalStory.Done d : actions) {
      if (phrases.ignore().contains(d.type())) {
        continue;
      }
      Phrases.ActionPhrase p = phrases.forType(d.type());
      if (p == null) {
        other.add(d);
      } else {
        known.get(p).add(d);
      }
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<Phrases.ActionPhrase, List<JournalStory.Done>> e : known.entrySet()) {
      List<JournalStory.Done> ds = e.getValue();
      if (ds.isEmpty()) {
        continue;
      }
      Phrases.ActionPhrase p = e.getKey();
      long count = count(ds);
      String line = count >= 0 && p.counted() != null ? p.counted().replace("{count}", Long.toString(count))
          : ds.size() == 1 ? p.one() : p.many();
      lines.add(line.replace("{n}", Integer.toString(ds.size())));
    }
    for (JournalStory.Done d : other) {
      lines.add(d.result() != null ? Printable.of(d.result().en()) : d.type() + " " + Printable.of(d.target()));
    }
    if (lines.isEmpty()) {
      b.append("- (nothing recorded yet)\n");
    }
    for (int i = 0; i < lines.size(); i++) {
      b.append("- ").append(lines.get(i)).append(i == lines.size() - 1 ? ".\n" : ",\n");
    }
  }

  /** The number of messages the journal recorded for these actions, or -1 when it recorded none. */
  static long count(List<JournalStory.Done> ds) {
    long sum = 0;
    boolean any = false;
    for (JournalStory.Done d : ds) {
      found:
      for (Map<String, Object> m : List.of(d.details(), d.params())) {
        for (String key : List.of("messages", "count", "removed")) {
          Object v = m.get(key);
          if (v instanceof Number n) {
            sum += n.longValue();
          } else if (v instanceof java.util.Collection<?> c) {
            sum += c.size(); // e.g. the ids of the messages removed
          } else {
            continue;
          }
          any = true;
          break found; // details win over params: one number per action
        }
      }
    }
    return any ? sum : -1;
  }

  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
