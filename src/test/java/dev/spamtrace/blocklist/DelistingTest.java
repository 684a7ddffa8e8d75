package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.delisting.DelistingMessage;
import dev.spamtrace.blocklist.delisting.DelistingPlan;
import dev.spamtrace.blocklist.delisting.JournalStory;
import dev.spamtrace.blocklist.delisting.Phrases;
import dev.spamtrace.blocklist.delisting.Readiness;
import dev.spamtrace.blocklist.history.HistoryStore;
import dev.spamtrace.blocklist.zones.Zone;
import dev.spamtrace.blocklist.zones.ZoneCatalogue;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Gap;
import dev.spamtrace.incident.Text;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness gate, the per-list plan and the messages, on incidents built in tests: the message
 * names exactly the actions the journal shows done (not failed, refused or undone), and nothing else.
 */
class DelistingTest {
  static final String IP = "192.0.2.42";
  static final Instant DAY1 = Instant.parse("2017-01-13T19:30:00Z");
  static final Instant DAY2 = Instant.parse("2017-01-14T10:00:00Z");
  static final List<String> BLOCKING = List.of("mail-queue-surge", "suspicious-process", "cron-persistence", "malicious-file", "tmp-payload");
  static final List<String> LOOKED = List.of("mailqueue", "filescan", "host");
  static final ZoneCatalogue C = ZoneCatalogue.shipped();
  static final DelistingMessage MESSAGES = new DelistingMessage(Phrases.shipped());

  @TempDir Path state;
  Incident incident;

  @BeforeEach
  void journalOfDayOne() throws Exception {
    incident = new Incident(state);
    String ftp = Incident.finding(FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:shopuser");
    String shell = Incident.finding(FindingKind.MALICIOUS_FILE, "/var/www/vhosts/shop.example/httpdocs/css/css.php");
    String proc = Incident.finding(FindingKind.SUSPICIOUS_PROCESS, "pid:4242");
    String queue = Incident.finding(FindingKind.MAIL_QUEUE_SURGE, "qmail:/var/qmail/queue");
    incident.done(DAY1, "20170113", "rotate-ftp-password", "ftp:shopuser", List.of(ftp), Map.of(), "changed the password of shopuser", "shopuser のパスワードを変更");
    incident.done(DAY1.plusSeconds(60), "20170113", "quarantine-file", "/var/www/vhosts/shop.example/httpdocs/css/css.php", List.of(shell),
        Map.of(), "quarantined css.php", "css.php を隔離");
    incident.done(DAY1.plusSeconds(70), "20170113", "quarantine-file", "/var/www/vhosts/shop.example/httpdocs/images/c0nfig.php", List.of(shell),
        Map.of(), "quarantined c0nfig.php", "c0nfig.php を隔離");
    String undone = incident.done(DAY1.plusSeconds(80), "20170113", "quarantine-file", "/var/www/vhosts/bakery.example/httpdocs/index.php", List.of(),
        Map.of(), "quarantined index.php", "index.php を隔離");
    incident.undo(DAY1.plusSeconds(90), "20170113", undone, "quarantine-file", "/var/www/vhosts/bakery.example/httpdocs/index.php");
    incident.done(DAY1.plusSeconds(120), "20170113", "kill-process", "pid:4242", List.of(proc), Map.of(), "killed 4242 (perl, apache)", "4242 を停止");
    incident.failed(DAY1.plusSeconds(130), "20170113", "kill-process", "pid:4243");
    incident.refused(DAY1.plusSeconds(140), "20170113", "remove-cron-entry", "cron:/var/spool/cron/apache:1");
    incident.done(DAY1.plusSeconds(180), "20170113", "purge-mail", "qmail:/var/qmail/queue", List.of(queue), Map.of("messages", 8332),
        "removed 8332 messages", "8332 通を削除");
  }

  JournalStory story() throws Exception {
    return JournalStory.read(state, List.of(), null, Duration.ofDays(14));
  }

  static Readiness ready(JournalStory story, Instant now) {
    return Readiness.evaluate(List.of(), List.of(), LOOKED, BLOCKING, Optional.of(DAY1.minusSeconds(3600)), 24, story, now);
  }

  @Test
  void theStoryHoldsOnlyWhatWasDoneAndNotUndone() throws Exception {
    JournalStory s = story();
    assertThat(s.actions()).extracting(JournalStory.Done::type)
        .containsExactly("rotate-ftp-password", "quarantine-file", "quarantine-file", "kill-process", "purge-mail");
    assertThat(s.actions()).extracting(JournalStory.Done::target).doesNotContain("/var/www/vhosts/bakery.example/httpdocs/index.php", "pid:4243");
    assertThat(s.actions().get(0).findingKinds()).containsExactly("ftp-account-compromise");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void theRequestNamesExactlyTheJournaledActionsInTheFieldGuidesStyle() throws Exception {
    JournalStory s = story();
    String m = MESSAGES.request(IP, s, ready(s, DAY1.plus(Duration.ofHours(30))));
    assertThat(m).startsWith("Subject: Delisting request for 192.0.2.42");
    assertThat(m).contains("FTP credentials of a customer account on 192.0.2.42 were leaked, and unwanted users uploaded program files to the server")
        .contains("FTP credentials of a customer account on 192.0.2.42 were leaked, and unwanted users uploaded program files to the server."
            + " Malicious program files had been placed in a customer's website.\nOn 2017-01-13 (UTC) we:")
        .contains("On 2017-01-13 (UTC) we:")
        .contains("- changed the leaked FTP password,")
        .contains("- removed 2 suspicious files from the websites (kept aside for analysis),")
        .contains("- stopped a spamming process,")
        .contains("- deleted the 8332 spam messages left in the mail queue.")
        .contains("A fresh check of the server after this found no spam waiting in the mail queue, no spamming process, no cron job restarting the sender,"
            + " none of the known malicious files and no sending program in temporary folders, and the address has had no new listing for 24 hours.")
        .contains("Please delist 192.0.2.42 from your list.");
    // Nothing the journal does not show: the cron removal was refused, one kill failed, one quarantine was undone.
    assertThat(m).doesNotContain("removed a cron job").doesNotContain("3 suspicious files").doesNotContain("2 spamming processes");
    // Attacker-chosen paths stay out of the operator-facing message.
    assertThat(m).doesNotContain("css.php");
  }

  @Test
  void anUnknownActionTypeIsToldInTheJournalsOwnWords() throws Exception {
    incident.done(DAY1.plusSeconds(200), "20170113", "notify-customer", "shopuser", List.of(), Map.of(), "told shopuser by e-mail", "顧客に通知");
    JournalStory s = story();
    assertThat(MESSAGES.request(IP, s, ready(s, DAY2.plus(Duration.ofDays(2))))).contains("- told shopuser by e-mail.");
  }

  /** The action types the other capabilities journal (host, mailqueue, filescan, firewall), as they write them. */
  @Test
  void theProductsOwnActionTypesReadNaturally() throws Exception {
    Path other = state.resolveSibling(state.getFileName() + "-types");
    Incident i = new Incident(other);
    i.done(DAY1, "c", "stop-process", "pid:1", List.of(), Map.of(), "stopped", "停止");
    i.done(DAY1, "c", "stop-process", "pid:2", List.of(), Map.of(), "stopped", "停止");
    i.done(DAY1, "c", "purge-queued-mail", "postfix:/var/spool/postfix", List.of(), Map.of("removed", List.of("A1", "B2", "C3")), "removed 3", "3 通");
    i.done(DAY1, "c", "restore-folder-mode", "/var/www/vhosts/old.example/httpdocs/images", List.of(), Map.of(), "restored 0755", "0755 に復元");
    i.done(DAY1, "c", "disable-php", "/var/www/vhosts/old.example/httpdocs", List.of(), Map.of(), "php off", "PHP 無効");
    i.done(DAY1, "c", "firewall-block", "203.0.113.45", List.of(), Map.of(), "blocked", "遮断");
    i.done(DAY1, "c", "firewall-confirm", "change-1", List.of(), Map.of(), "confirmed", "確定");
    JournalStory s = JournalStory.read(other, List.of(), null, Duration.ofDays(14));
    String m = MESSAGES.request(IP, s, ready(s, DAY2.plus(Duration.ofDays(2))));
    assertThat(m).contains("- stopped 2 spamming processes,").contains("- deleted the 3 spam messages left in the mail queue,")
        .contains("- restored the permissions of a folder the attacker had changed,").contains("- turned PHP off for an html-only site,")
        .contains("- blocked the attacker's address at the firewall.").doesNotContain("confirmed");
  }

  @Test
  void theFollowUpAfterTheCronFoundTheNextDayNamesOnlyTheLateAction() throws Exception {
    Instant requested = DAY1.plus(Duration.ofHours(2));
    String cron = Incident.finding(FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/apache:1");
    incident.done(DAY2, "20170114", "remove-cron-entry", "cron:/var/spool/cron/apache:1", List.of(cron), Map.of(), "removed the apache crontab line", "apache の crontab を削除");
    JournalStory s = story();
    Readiness r = ready(s, DAY2.plus(Duration.ofHours(30)));
    String f = MESSAGES.followUp(IP, requested, s, r);
    assertThat(f).startsWith("Subject: Re: Delisting request for 192.0.2.42")
        .contains("After our request of 2017-01-13 21:30 UTC we found that the cause had not been completely removed.")
        .contains("A cron job kept restarting the sending program.")
        .contains("On 2017-01-14 (UTC) we:\n- removed a cron job that kept restarting the sending program.");
    assertThat(f).doesNotContain("FTP").doesNotContain("suspicious files");

    HistoryStore.Request req = new HistoryStore.Request(1, IP, "bl.nordspam.com", requested, requested, "");
    Zone nordspam = C.find("bl.nordspam.com").orElseThrow();
    List<DelistingPlan.Step> steps = DelistingPlan.plan(List.of(new DelistingPlan.Listing(IP, nordspam, "127.0.0.2", "x", null, "spam")), r, s,
        List.of(req), DAY2.plus(Duration.ofHours(30)));
    assertThat(steps.get(0).kind()).isEqualTo(DelistingPlan.Kind.FOLLOW_UP);
  }

  @Test
  void theGateSaysWhatStillBlocksIt() throws Exception {
    JournalStory s = story();
    Finding cron = Finding.builder(FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/apache:1").summary(Text.same("cron")).build();
    Finding surge = Finding.builder(FindingKind.MAIL_QUEUE_SURGE, "qmail:/var/qmail/queue").summary(Text.same("q")).build();
    Finding attacker = Finding.builder(FindingKind.ATTACKER_ADDRESS, "203.0.113.45").summary(Text.same("a")).build();
    Gap gap = new Gap("mailqueue", "/var/qmail/queue", Text.same("permission denied"));
    Instant now = DAY1.plus(Duration.ofHours(5));
    Readiness r = Readiness.evaluate(List.of(cron, surge, attacker), List.of(gap), LOOKED, BLOCKING, Optional.of(DAY1.plus(Duration.ofHours(3))), 24, s, now);
    assertThat(r.ready()).isFalse();
    assertThat(r.blockers()).extracting(Text::en).anyMatch(t -> t.contains("still there: 1 cron-persistence"))
        .anyMatch(t -> t.contains("still there: 1 mail-queue-surge"))
        .anyMatch(t -> t.contains("could not check 1 source") && t.contains("permission denied"))
        .anyMatch(t -> t.contains("a new listing appeared at 2017-01-13 22:30 UTC, less than 24 hours ago"))
        .noneMatch(t -> t.contains("attacker-address"));
    assertThat(r.blockers()).extracting(Text::ja).anyMatch(t -> t.contains("cron による常駐"));
    Readiness empty = Readiness.evaluate(List.of(), List.of(), LOOKED, BLOCKING, Optional.empty(), 24,
        JournalStory.of(List.of(), List.of(), List.of(), null, null), now);
    assertThat(empty.ready()).isFalse();
    assertThat(empty.blockers()).extracting(Text::en).anyMatch(t -> t.contains("nothing true to say"));
    assertThat(ready(s, DAY1.plus(Duration.ofHours(30))).ready()).isTrue();
    // "No finding" from nothing that looked is not a clean bill.
    Readiness blind = Readiness.evaluate(List.of(), List.of(), List.of(), BLOCKING, Optional.empty(), 24, s, now.plus(Duration.ofDays(2)));
    assertThat(blind.ready()).isFalse();
    assertThat(blind.blockers()).extracting(Text::en).anyMatch(t -> t.contains("none of the inspectors that look for these findings could look at this root"));
  }

  @Test
  void eachListByItsPolicyNeverPayAndRepeatStakes() throws Exception {
    JournalStory s = story();
    Instant now = DAY1.plus(Duration.ofHours(30));
    Readiness go = ready(s, now);
    List<DelistingPlan.Listing> listings = List.of(
        listing("dnsbl-1.uceprotect.net", "127.0.0.2", "spam"),
        listing("bl.spamcop.net", "127.0.0.2", "spam"),
        listing("psbl.surriel.com", "127.0.0.2", "spam"),
        listing("dnsbl.justspam.org", "127.0.0.2", "spam"),
        listing("dnsbl-2.uceprotect.net", "127.0.0.2", "neighbourhood"),
        listing("zen.spamhaus.org", "127.0.0.10", "policy"));
    List<DelistingPlan.Step> steps = DelistingPlan.plan(listings, go, s, List.of(), now);
    assertThat(steps).extracting(DelistingPlan.Step::kind).containsExactly(DelistingPlan.Kind.WAIT, DelistingPlan.Kind.WAIT,
        DelistingPlan.Kind.REQUEST, DelistingPlan.Kind.REQUEST, DelistingPlan.Kind.PROVIDER, DelistingPlan.Kind.PROVIDER);
    assertThat(steps.get(0).what().en()).contains("7 days").contains("2017-01-20");
    assertThat(steps.get(0).notes()).extracting(Text::en).anyMatch(t -> t.contains("never pay"));
    assertThat(steps.get(2).what().en()).contains("https://psbl.org/").contains("(free)");
    assertThat(steps.get(3).notes()).extracting(Text::en).anyMatch(t -> t.contains("cannot be removed again for 30 days"));
    assertThat(steps.get(5).notes()).extracting(Text::en).anyMatch(t -> t.contains("policy listing, not a spam verdict"));

    Readiness blocked = Readiness.evaluate(List.of(Finding.builder(FindingKind.TMP_PAYLOAD, "/tmp/.x").summary(Text.same("x")).build()),
        List.of(), LOOKED, BLOCKING, Optional.empty(), 24, s, now);
    assertThat(DelistingPlan.plan(listings, blocked, s, List.of(), now)).extracting(DelistingPlan.Step::kind)
        .contains(DelistingPlan.Kind.NOT_YET).doesNotContain(DelistingPlan.Kind.REQUEST);

    String note = MESSAGES.internalNote(IP, s, blocked, DelistingPlan.plan(listings, blocked, s, List.of(), now), now, false);
    assertThat(note).contains("【社内メモ】").contains("まだ不可").contains("支払わないでください").contains("一時ディレクトリ内の不正プログラム")
        .contains("/var/www/vhosts/shop.example/httpdocs/css/css.php");
  }

  static DelistingPlan.Listing listing(String zone, String code, String verdict) {
    Zone z = C.find(zone).orElseThrow();
    Zone.Code c = z.listed().get(code);
    return new DelistingPlan.Listing(IP, z, code, c.meaning(), z.removalFor(c), verdict);
  }
}
