package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamtrace.cli.Main;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.InspectionResult;
import dev.spamtrace.incident.Artifacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end against real dnsmasq servers on loopback: check (table and JSON, exit
 * codes, history), the count rising after a premature request, the gate refusing a request, the
 * follow-up after a late action, and the investigate inspector (silent unless turned on).
 */
class BlocklistCommandsTest {
  static final String IP = "192.0.2.42";

  @TempDir Path dir;

  static final String CATALOGUE = """
      zones:
        - zone: zen.test
          operator: test copy of Spamhaus ZEN codes
          lists: test
          target: ip
          role: blocklist
          status: active
          default: true
          ipv6: true
          txt: "yes"
          listed:
            127.0.0.2: {meaning: "SBL", verdict: spam, removal: {policy: manual-review}}
            127.0.0.4: {meaning: "XBL: exploited or infected host", verdict: spam, removal: {policy: self-service, asks-for: "self-service in the checker"}}
          errors:
            127.255.255.254: "public resolver (Spamhaus error code)"
          removal: {policy: self-service, asks-for: "self-service"}
          delisting-page: https://check.example/
          access: open
          test-listed: 127.0.0.2
          test-not-listed: 127.0.0.1
          sources: [test]
        - zone: spamcop.test
          operator: test copy of SpamCop
          lists: test
          target: ip
          role: blocklist
          status: active
          default: true
          ipv6: false
          txt: "yes"
          listed:
            127.0.0.2: {meaning: "reported spam source", verdict: spam}
          removal: {policy: expiry, expiry-days: 2}
          delisting-page: https://spamcop.example/
          access: open
          test-listed: 127.0.0.2
          test-not-listed: 127.0.0.1
          sources: [test]
        - zone: psbl.test
          operator: test copy of PSBL
          lists: test
          target: ip
          role: blocklist
          status: active
          default: true
          ipv6: false
          txt: unknown
          listed:
            127.0.0.2: {meaning: "spamtrap hit", verdict: spam}
          removal: {policy: self-service, asks-for: "the web form"}
          delisting-page: https://psbl.example/remove
          access: open
          test-listed: 127.0.0.2
          test-not-listed: 127.0.0.1
          sources: [test]
      """;

  LoopbackDns dns(String name, boolean psbl) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    return LoopbackDns.start(d, "2.0.0.127.zen.test", z -> {
      try {
        var c = z.conf();
        InetAddress ip = InetAddress.getByName(IP);
        InetAddress test = InetAddress.getByName("127.0.0.2");
        for (String zone : List.of("zen.test", "spamcop.test", "psbl.test")) {
          c.zone(zone);
          c.listed(zone, test, null, "127.0.0.2");
        }
        c.listed("zen.test", ip, "https://check.example/query/ip/192.0.2.42", "127.0.0.4");
        c.listed("spamcop.test", ip, "Blocked - see spamcop", "127.0.0.2");
        if (psbl) {
          c.listed("psbl.test", ip, null, "127.0.0.2");
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  Path config(LoopbackDns dns, String extra) throws Exception {
    Path cat = dir.resolve("zones-test.yml");
    Files.writeString(cat, CATALOGUE);
    Path cfg = dir.resolve("spamtrace-" + dns.port + ".yml");
    Files.writeString(cfg, "blocklist:\n  resolver: \"" + dns.resolver() + "\"\n  catalogue-extra: \"" + cat + "\"\n"
        + "  zones: [zen.test, spamcop.test, psbl.test]\n  timeout-ms: 1000\n" + extra);
    return cfg;
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void checkHistoryAndDelistingAgainstRealDns() throws Exception {
    Path state = dir.resolve("state");
    Path root = Files.createDirectories(dir.resolve("root"));
    Run first;
    try (LoopbackDns a = dns("a", false)) {
      Path cfg = config(a, "");
      first = run("blocklist", "check", IP, "--config", cfg.toString(), "--state-dir", state.toString());
      assertThat(first.code()).as(first.err()).isEqualTo(1);
      assertThat(first.out()).contains("192.0.2.42: listed on 2 of 3 lists, could not tell on 0")
          .contains("LISTED").contains("127.0.0.4 XBL: exploited or infected host (TTL 0 s) | TXT: https://check.example/query/ip/192.0.2.42")
          .contains("not listed");
      assertThat(first.err()).contains("change: 192.0.2.42 listed zen.test (127.0.0.4)");

      Run ja = run("blocklist", "check", IP, "--config", cfg.toString(), "--state-dir", state.toString(), "--lang", "ja", "--no-record");
      assertThat(ja.out()).contains("3 リスト中 2 件に掲載").contains("掲載").contains("未掲載");

      Run json = run("blocklist", "check", IP, "--config", cfg.toString(), "--state-dir", state.toString(), "--format", "json", "--no-record");
      JsonNode doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.get("schema").asText()).isEqualTo("spamtrace.blocklist-check/1");
      assertThat(doc.get("zones")).allMatch(z -> z.get("health").asText().equals("healthy"));
      List<String> outcomes = new ArrayList<>();
      doc.get("results").forEach(r -> outcomes.add(r.get("zone").asText() + "=" + r.get("outcome").asText()));
      assertThat(outcomes).containsExactlyInAnyOrder("zen.test=listed", "spamcop.test=listed", "psbl.test=not-listed");

      // The incident's journal, and a premature request to PSBL... which then lists the address too.
      Incident incident = new Incident(state);
      Instant now = Instant.now();
      incident.done(now.minus(Duration.ofHours(3)), "20261127", "quarantine-file", "/var/www/vhosts/shop.example/httpdocs/css/css.php",
          List.of(Incident.finding(FindingKind.MALICIOUS_FILE, "/var/www/vhosts/shop.example/httpdocs/css/css.php")), Map.of(), "quarantined css.php", "css.php を隔離");
      incident.done(now.minus(Duration.ofHours(3)).plusSeconds(30), "20261127", "purge-mail", "postfix:/var/spool/postfix", List.of(),
          Map.of("messages", 8332), "removed 8332 messages", "8332 通を削除");
      Run delist = run("blocklist", "delist", "--root", root.toString(), "--config", cfg.toString(), "--state-dir", state.toString());
      assertThat(delist.code()).as(delist.out() + delist.err()).isEqualTo(1);
      assertThat(delist.out()).contains("Ready to ask for delisting? (fresh look at " + root.toRealPath() + "): not yet")
          .contains("a new listing appeared at").contains("less than 24 hours ago")
          .contains("spamcop.test").contains("wait: it expires on its own about 2 days")
          .contains("zen.test").contains("not-yet")
          .contains("【社内メモ】").contains("No request yet").doesNotContain("---- request");
      Run rec = run("blocklist", "delist", "record", IP, "--zone", "zen.test", "--config", cfg.toString(), "--state-dir", state.toString(),
          "--sent-at", Instant.now().toString(), "--note", "ticket 1234");
      assertThat(rec.code()).isEqualTo(0);
      assertThat(rec.out()).contains("recorded: request to zen.test for 192.0.2.42");
    }
    try (LoopbackDns b = dns("b", true)) {
      Path cfg = config(b, "");
      Run second = run("blocklist", "check", IP, "--config", cfg.toString(), "--state-dir", state.toString());
      assertThat(second.out()).contains("listed on 3 of 3 lists");
      assertThat(second.err()).contains("change: 192.0.2.42 listed psbl.test");
      Run history = run("blocklist", "history", IP, "--config", cfg.toString(), "--state-dir", state.toString());
      assertThat(history.code()).as(history.out()).isEqualTo(1);
      assertThat(history.out()).contains("trend since " + BlocklistHistoryTimes.minute(Instant.now().minus(Duration.ofHours(3))).substring(0, 10))
          .contains("the number of lists is not falling, it is rising").contains("new: psbl.test")
          .contains("after the delisting request of").contains("1 new listing(s): psbl.test")
          .contains("listed    zen.test (127.0.0.4)").contains("ticket 1234");
      Run perList = run("blocklist", "history", "--zone", "psbl.test", "--config", cfg.toString(), "--state-dir", state.toString(), "--format", "json");
      JsonNode h = new ObjectMapper().readTree(perList.out());
      assertThat(h.get("subjects").get(0).get("events").get(0).get("zone").asText()).isEqualTo("psbl.test");

      // The cron job is found the next day: the follow-up names only it.
      new Incident(state).done(Instant.now().plusSeconds(1), "20261128", "remove-cron-entry", "cron:/var/spool/cron/apache:1",
          List.of(Incident.finding(FindingKind.CRON_PERSISTENCE, "cron:/var/spool/cron/apache:1")), Map.of(), "removed the apache crontab line", "crontab を削除");
      Run again = run("blocklist", "delist", IP, "--zone", "zen.test", "--root", root.toString(), "--config", cfg.toString(), "--state-dir", state.toString());
      assertThat(again.out()).contains("follow-up").contains("---- follow-up for zen.test (English) ----")
          .contains("we found that the cause had not been completely removed").contains("- removed a cron job that kept restarting the sending program.");
      String followUp = again.out().substring(again.out().indexOf("---- follow-up"));
      assertThat(followUp).doesNotContain("8332").doesNotContain("suspicious file");
    }
  }

  @Test
  void zonesListsTheCatalogueAndHidesDeadListsUnlessAsked() {
    Run z = run("blocklist", "zones");
    assertThat(z.out()).contains("zen.spamhaus.org").contains("paid-express 7d $").doesNotContain("dnsbl.sorbs.net");
    assertThat(run("blocklist", "zones", "--all").out()).contains("dnsbl.sorbs.net").contains("defunct 2024");
  }

  @Test
  void badInputIsAUsageError() {
    assertThat(run("blocklist", "check", "not;an address").code()).isEqualTo(2);
    assertThat(run("blocklist", "check").code()).isEqualTo(2);
    assertThat(run("blocklist", "check", IP, "--zone", "no.such.zone", "--resolver", "127.0.0.1:9").code()).isEqualTo(2);
    assertThat(run("blocklist", "check", IP, "--resolver", "resolver.example").code()).isEqualTo(2);
  }

  @Test
  void investigateIsSilentOnTheNetworkUnlessTurnedOn() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    InspectionContext off = new InspectionContext(HostRoot.of(root), Config.defaults(), Clock.systemUTC(), InspectionContext.Options.once(),
        new Artifacts(), List.of());
    InspectionResult r = new BlocklistInspector().inspect(off);
    assertThat(r.applicable()).isFalse();
    assertThat(r.covered().get(0).what().en()).contains("blocklist.investigate is off");

    try (LoopbackDns a = dns("inv", false)) {
      Config on = Config.load(List.of(config(a, "  investigate: true\n"))).with(Map.of("server", Map.of("addresses", List.of(IP))));
      InspectionResult live = new BlocklistInspector().inspect(new InspectionContext(HostRoot.of(root), on, Clock.systemUTC(),
          InspectionContext.Options.once(), new Artifacts(), List.of()));
      assertThat(live.findings()).extracting(f -> f.subject()).containsExactlyInAnyOrder("192.0.2.42@zen.test", "192.0.2.42@spamcop.test");
      assertThat(live.findings()).allMatch(f -> f.kind() == FindingKind.BLOCKLIST_LISTING);
      assertThat(live.findings().get(0).evidence()).containsKeys("address", "zone", "codes", "meanings", "delisting-page", "removal-policy");
      assertThat(live.gaps()).isEmpty();
    }
  }
}
