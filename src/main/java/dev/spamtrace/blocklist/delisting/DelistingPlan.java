package dev.spamtrace.blocklist.delisting;

import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.incident.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to do about each current listing, by the list's own removal policy: wait for expiry where
 * it expires; request where removal is free (with the page and what it asks for), only once the
 * readiness gate passes; never pay (said wherever a paid option exists); warn where a repeat
 * listing costs money or time; send a follow-up where something new was done after a request.
 */
public final class DelistingPlan {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private DelistingPlan() {}

  public enum Kind {
    /** Expires by itself; nothing to send. */
    WAIT,
    /** Free request: send it now. */
    REQUEST,
    /** Free request, but the gate does not pass yet. */
    NOT_YET,
    /** A request was recorded; something new was done since: send the follow-up. */
    FOLLOW_UP,
    /** A request was recorded and nothing new since: wait for the answer, do not ask again. */
    REQUESTED,
    /** Only the network's provider can act. */
    PROVIDER,
    /** Nothing to do (allowlist, dead list). */
    NONE;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One listing's step.
   *
   * @param request the request recorded for it, or null
   * @param notes the stakes: never pay, repeat penalties, policy listings
   */
  public record Step(String subject, Zone zone, String codes, String meanings, Zone.Removal removal, Kind kind, Text what,
      List<Text> notes, HistoryStore.Request request) {}

  /** One current listing as the history or a fresh check shows it. */
  public record Listing(String subject, Zone zone, String codes, String meanings, Zone.Removal removal, String verdict) {}

  public static List<Step> plan(List<Listing> listings, Readiness readiness, JournalStory story, List<HistoryStore.Request> requests, Instant now) {
    List<Step> out = new ArrayList<>();
    Instant causeStopped = story.end() != null ? story.end() : now;
    for (Listing l : listings) {
      Zone z = l.zone();
      Zone.Removal r = l.removal() != null ? l.removal() : z.removal();
      List<Text> notes = new ArrayList<>();
      if (r.paid()) {
        notes.add(Text.of("a paid removal is offered: never pay; it is not needed", "有料の削除サービスがありますが、支払わないでください (不要です)"));
      }
      if (r.policy() == Zone.Policy.FREE_ONCE_THEN_PAID || !r.repeat().isEmpty()) {
        String repeat = r.repeat().isEmpty() ? "a repeat removal costs money" : r.repeat();
        notes.add(Text.of("repeat listings cost: %s. Ask only once the cause is certainly gone", "再掲載時の条件: %s。原因が確実に無くなってから依頼してください", repeat));
      }
      if ("policy".equals(l.verdict())) {
        notes.add(Text.of("a policy listing, not a spam verdict: %s", "スパム判定ではなくポリシーによる掲載です: %s", r.asksFor()));
      }
      if ("neighbourhood".equals(l.verdict())) {
        notes.add(Text.of("lists the neighbours (the range or the ASN), not this address alone", "このアドレス単体ではなく、周辺 (レンジ/ASN) の掲載です"));
      }
      HistoryStore.Request req = requests.stream().filter(q -> q.subject().equals(l.subject()) && q.zone().equals(z.zone()))
          .reduce((a, b) -> b).orElse(null);
      if (req != null && !readiness.ready()) {
        notes.add(Text.of("the request of %s was made while the cause is not shown gone: expect a refusal or a relisting",
            "%s の依頼は原因が無くなったことを確認する前に出されています: 拒否または再掲載の可能性があります", TIME.format(req.sentAt())));
      }
      Kind kind;
      Text what;
      switch (r.policy()) {
        case EXPIRY, PAID_EXPRESS -> {
          kind = Kind.WAIT;
          if (r.expiryDays() != null && !readiness.ready()) {
            what = Text.of("wait: it expires on its own about %d days after the cause stops; no date yet, the cause is not shown gone; nothing to send",
                "待機: 原因が止まってから約 %d 日で自動削除されます (原因が無くなったことを確認できていないため、日付はまだ出せません)。依頼は不要です", r.expiryDays());
          } else if (r.expiryDays() != null) {
            Instant by = causeStopped.plus(Duration.ofDays(r.expiryDays()));
            what = Text.of("wait: it expires on its own about %d days after the cause stopped (around %s); nothing to send",
                "待機: 原因が止まってから約 %d 日で自動削除されます (%s 頃)。依頼は不要です", r.expiryDays(), DAY.format(by));
          } else {
            what = Text.of("wait: it expires on its own; nothing to send", "待機: 自動で削除されます。依頼は不要です");
          }
        }
        case PROVIDER_ONLY -> {
          kind = Kind.PROVIDER;
          what = Text.of("only the network's provider can act: %s", "ネットワークの事業者のみ対応できます: %s", r.asksFor());
        }
        case NONE -> {
          kind = Kind.NONE;
          what = Text.of("nothing to remove", "削除するものはありません");
        }
        default -> {
          if (req != null) {
            List<JournalStory.Done> since = story.after(req.sentAt());
            if (!since.isEmpty()) {
              kind = Kind.FOLLOW_UP;
              what = Text.of("requested on %s; %d action(s) were done since: send the follow-up below", "%s に依頼済み。その後 %d 件の対応があったため、下記の追記を送ってください",
                  TIME.format(req.sentAt()), since.size());
            } else {
              kind = Kind.REQUESTED;
              what = Text.of("requested on %s: wait for the answer; do not ask again", "%s に依頼済み: 回答を待ってください。再依頼はしないでください", TIME.format(req.sentAt()));
            }
          } else if (readiness.ready()) {
            kind = Kind.REQUEST;
            what = Text.of("request removal at %s (free). It asks for: %s", "%s で削除を依頼してください (無料)。必要なもの: %s", z.delistingPage(), r.asksFor());
          } else {
            kind = Kind.NOT_YET;
            what = Text.of("free removal at %s, but not yet: the cause is not shown to be gone (see what blocks it)",
                "%s で無料で依頼できますが、まだです: 原因が無くなったことを確認できていません (阻害要因を参照)", z.delistingPage());
          }
        }
      }
      out.add(new Step(l.subject(), z, l.codes(), l.meanings(), r, kind, what, notes, req));
    }
    return out;
  }
}
