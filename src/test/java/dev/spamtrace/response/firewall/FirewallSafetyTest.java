package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamtrace.config.Config;
import dev.spamtrace.config.ConfigException;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.SystemCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals that need no kernel: firewall managers, a root that is not this machine, bad settings; and the rule text. */
class FirewallSafetyTest {
  @TempDir Path tmp;

  private ActionContext ctx(HostRoot root, Config config) {
    return new ActionContext(root, config, CaseFolder.today(tmp.resolve("cases"), Clock.systemUTC()), Clock.systemUTC(),
        new SystemCommand(Duration.ofSeconds(10)));
  }

  private HostRoot root() throws Exception {
    Path r = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(r.resolve("proc"));
    Files.createDirectories(r.resolve("etc"));
    return HostRoot.of(r);
  }

  private static List<String> en(List<Text> ts) {
    return ts.stream().map(Text::en).toList();
  }

  @Test
  void refusesBesideCsfOrFirewalldUnlessTold() throws Exception {
    HostRoot root = root();
    Config inNetns = Config.defaults().with(Map.of("firewall", Map.of("netns", "st-fw-none")));
    assertThat(Firewall.of(ctx(root, inNetns), Map.of()).refusals()).isEmpty();
    Files.createDirectories(root.directory().resolve("etc/csf"));
    Files.writeString(root.directory().resolve("etc/csf/csf.conf"), "TESTING = \"1\"\n");
    assertThat(en(Firewall.of(ctx(root, inNetns), Map.of()).refusals())).singleElement().asString().contains("CSF").contains("beside-manager");
    Files.delete(root.directory().resolve("etc/csf/csf.conf"));
    Files.createDirectories(root.directory().resolve("proc/812"));
    Files.writeString(root.directory().resolve("proc/812/comm"), "firewalld\n");
    assertThat(en(Firewall.of(ctx(root, inNetns), Map.of()).refusals())).singleElement().asString().contains("firewalld (pid 812)");
    Config beside = Config.defaults().with(Map.of("firewall", Map.of("netns", "st-fw-none", "beside-manager", true)));
    assertThat(Firewall.of(ctx(root, beside), Map.of()).refusals()).isEmpty();
  }

  @Test
  void aRootThatIsNotThisMachineIsRefusedWithoutANamespace() throws Exception {
    assertThat(en(Firewall.of(ctx(root(), Config.defaults()), Map.of()).refusals())).singleElement().asString().contains("not this machine");
  }

  @Test
  void theShippedSettingsAreSafeAndBadOnesAreRefused() {
    FirewallSettings s = Firewall.settings(Config.defaults());
    assertThat(s.planFromIncidents()).as("off by default").isFalse();
    assertThat(s.besideManager()).isFalse();
    assertThat(s.confirmWithinSeconds()).as("the dead-man switch is on").isEqualTo(600);
    assertThat(s.policy("ftp")).get().satisfies(p -> {
      assertThat(p.allowCountries()).containsExactly("JP");
      assertThat(p.portRanges()).contains(PortRange.single(21));
    });
    for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("backend", "pf"), Map.of("netns", "a b"), Map.of("confirm-within", "10"),
        Map.of("country-policies", List.of(Map.of("name", "FTP; drop", "ports", List.of("21"), "allow-countries", List.of("JP"), "allow-addresses", List.of()))),
        Map.of("country-policies", List.of(Map.of("name", "ftp", "ports", List.of("21"), "allow-countries", List.of("Japan"), "allow-addresses", List.of()))))) {
      Config c = Config.defaults().with(Map.of("firewall", bad));
      assertThatThrownBy(() -> Firewall.settings(c)).as(bad.toString()).isInstanceOf(ConfigException.class);
    }
    assertThat(Firewall.settings(Config.defaults().with(Map.of("firewall", Map.of("confirm-within", "0")))).confirmWithinSeconds()).isNull();
  }

  @Test
  void ruleFilesHoldOnlyOurTableAndValidatedValues() {
    Layout layout = new Layout(List.of(0, 106), List.of("ftp"));
    Change change = new Change().add(OurSet.BLOCK4, Element.parse("203.0.113.7"), 600L).remove(OurSet.BLOCK6, Element.parse("2001:db8::/48"))
        .retime(OurSet.SMTP_PORTS, Element.parse("25"), null).replace(OurSet.policyAllow("ftp", false), List.of(Element.parse("202.12.0.0/16")));
    String nft = NftBackend.render(layout, change);
    assertThat(nft.lines().filter(l -> !l.startsWith("#"))).allSatisfy(l -> assertThat(l).contains(" inet spamtrace"));
    assertThat(nft).doesNotContain("flush ruleset").doesNotContain("flush table");
    assertThat(nft).contains("add element inet spamtrace block4 { 203.0.113.7 timeout 600s }")
        .contains("delete element inet spamtrace block6 { 2001:db8::/48 }")
        .contains("delete element inet spamtrace smtp_ports { 25 }\nadd element inet spamtrace smtp_ports { 25 }")
        .contains("flush set inet spamtrace cc_ftp_allow4\nadd element inet spamtrace cc_ftp_allow4 { 202.12.0.0/16 }")
        .contains("meta skuid != { 0, 106 }")
        .contains("tcp dport @cc_ftp_ports ct state new ip saddr != @cc_ftp_allow4 drop");
    String rules = IptablesBackend.renderRules(layout, false, true, false);
    assertThat(rules.lines().filter(l -> l.startsWith("-"))).allSatisfy(l -> assertThat(l).containsAnyOf("-A SPAMTRACE-", "-j SPAMTRACE-IN"));
    assertThat(rules).contains("--uid-owner 106 -j RETURN").contains("-I INPUT 1 -j SPAMTRACE-IN").doesNotContain("-I OUTPUT");
    String sets = IptablesBackend.renderSets(layout, change);
    assertThat(sets.lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l.split(" ")[1]).startsWith("spamtrace-"));
    assertThat(sets).contains("add spamtrace-block4 203.0.113.7 timeout 600").contains("add spamtrace-smtp-ports 25 timeout 0")
        .contains("del spamtrace-block6 2001:db8::/48");
  }

  @Test
  void incidentsPlanBlocksOnlyWhenTurnedOn() throws Exception {
    HostRoot root = root();
    List<dev.spamtrace.incident.Finding> findings = List.of(
        dev.spamtrace.incident.Finding.builder(dev.spamtrace.incident.FindingKind.ATTACKER_ADDRESS, "ftp:shop1@203.0.113.50")
            .evidence("address", "203.0.113.50").build(),
        dev.spamtrace.incident.Finding.builder(dev.spamtrace.incident.FindingKind.ATTACKER_ADDRESS, "not-an-address").build(),
        dev.spamtrace.incident.Finding.builder(dev.spamtrace.incident.FindingKind.POST_BURST, "/var/www/a.php").evidence("address", "198.51.100.1").build());
    assertThat(dev.spamtrace.response.Plan.from(findings, root, Config.defaults()).actions())
        .noneMatch(a -> a.type().equals(BlockAddress.TYPE));
    Config on = Config.defaults().with(Map.of("firewall", Map.of("plan-from-incidents", true, "incident-block-hours", 48)));
    assertThat(dev.spamtrace.response.Plan.from(findings, root, on).actions()).filteredOn(a -> a.type().equals(BlockAddress.TYPE))
        .singleElement().satisfies(a -> {
          assertThat(a.target()).isEqualTo("203.0.113.50");
          assertThat(a.description().en()).contains("for 2d");
          assertThat(a.findings()).containsExactly(findings.get(0).id());
        });
  }
}
