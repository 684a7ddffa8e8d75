package dev.spamtrace.blocklist.zones;

import dev.spamtrace.incident.Text;
import java.util.List;

/**
 * What one check of one address (or domain) on one list means. Three kinds, never confused: listed
 * (with the codes and what they mean), not listed, and could-not-tell (with why). An error code, a
 * refusal, a timeout or a list that answers everything is never a listing (anti-patterns A4, A5).
 */
public sealed interface Outcome permits Outcome.Listed, Outcome.NotListed, Outcome.Unknown {

  /** Short id for tables, JSON and the history: {@code listed}, {@code not-listed}, {@code unknown}. */
  String id();

  /**
   * Listed.
   *
   * @param hits each answer code and what it means
   * @param txt the TXT reasons the list gave (may be empty; the A code is authoritative)
   */
  record Listed(List<Hit> hits, List<String> txt) implements Outcome {
    public Listed {
      hits = List.copyOf(hits);
      txt = List.copyOf(txt);
    }

    @Override
    public String id() {
      return "listed";
    }

    public Listed withTxt(List<String> t) {
      return new Listed(hits, t);
    }

    /** The most serious verdict among the codes (spam before policy before neighbourhood). */
    public Zone.Verdict verdict() {
      Zone.Verdict v = Zone.Verdict.INFORMATIONAL;
      for (Hit h : hits) {
        if (h.verdict().ordinal() < v.ordinal()) {
          v = h.verdict();
        }
      }
      return v;
    }

    public String codes() {
      return String.join(",", hits.stream().map(Hit::answer).toList());
    }

    public String meanings() {
      return String.join("; ", hits.stream().map(Hit::meaning).toList());
    }
  }

  /**
   * One answer code of a listing.
   *
   * @param answer the A record (e.g. {@code 127.0.0.4}; for bitmask lists the bit's value)
   * @param meaning what the list says it means
   * @param verdict how much it matters
   * @param removal how this code's listing is removed
   */
  record Hit(String answer, String meaning, Zone.Verdict verdict, Zone.Removal removal) {}

  /** Not listed. {@code note} says more when the list answered "good" (an allowlist) or gave no A record. */
  record NotListed(String note) implements Outcome {
    @Override
    public String id() {
      return "not-listed";
    }
  }

  /** Could not tell; never "clean". */
  record Unknown(Reason reason, String detail) implements Outcome {
    @Override
    public String id() {
      return "unknown";
    }

    public Text explain() {
      return detail == null || detail.isEmpty() ? reason.text()
          : new Text(reason.text().en() + ": " + detail, reason.text().ja() + ": " + detail);
    }
  }

  /** Why a check could not tell. */
  enum Reason {
    TIMEOUT("no answer in time", "時間内に応答がありません"),
    NETWORK("network error", "ネットワークエラー"),
    REFUSED("the resolver or the list refused the query (a key or a registered resolver may be needed)",
        "リゾルバまたはリストが問い合わせを拒否しました (キーまたは登録済みリゾルバが必要な場合があります)"),
    SERVFAIL("the resolver failed (SERVFAIL)", "リゾルバが失敗しました (SERVFAIL)"),
    DNS_ERROR("the resolver answered with an error", "リゾルバがエラーを返しました"),
    ERROR_CODE("the list answered with an error code, not a listing", "リストはエラーコードを返しました (掲載ではありません)"),
    NOT_A_LIST_ANSWER("the answer is outside 127.0.0.0/8: a parked or hijacked zone, not a listing",
        "応答が 127.0.0.0/8 の外です: 掲載ではなく、放置・乗っ取られたゾーンです"),
    UNEXPECTED_ANSWER("the list answered with a code the catalogue does not know", "カタログにない応答コードです"),
    ZONE_LISTS_EVERYTHING("the list answers for its never-listed test entry: it lists everything, so no answer from it is trusted",
        "リストが掲載されないはずのテスト項目にも応答しています (全件掲載状態): 結果を信用できません"),
    ZONE_LISTS_NOTHING("the list does not answer for its always-listed test entry: dead, emptied, or hidden by the resolver",
        "常に掲載されるテスト項目に応答しません: 停止・空、またはリゾルバが隠しています"),
    ZONE_BLOCKED("the list refuses this resolver (error code or refusal on its test entries)",
        "このリゾルバからの問い合わせをリストが拒否しています (テスト項目でエラー/拒否)"),
    ZONE_HEALTH_UNKNOWN("the list's test entries could not be checked, so its answers are not trusted",
        "テスト項目を確認できないため、このリストの応答は信用できません"),
    NOT_COVERED("the list does not cover this kind of address", "このリストはこの種類のアドレスを対象にしていません");

    private final Text text;

    Reason(String en, String ja) {
      this.text = new Text(en, ja);
    }

    public Text text() {
      return text;
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
