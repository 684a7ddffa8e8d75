package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound SMTP only for the MTA, for real: in the server namespace an ordinary user cannot open a
 * connection to a port-25 listener in the other namespace, the MTA's user and root can, loopback
 * stays open; the plan names the process that talks SMTP now.
 */
class SmtpPolicyTest {
  static final int MTA_UID = 64010;
  static final int WEB_UID = 64020;

  @TempDir Path tmp;

  @BeforeEach
  void needsRealNetfilter() {
    NetnsLab.require();
    RealComponent.require(RealComponent.executable("setpriv"), "setpriv (util-linux)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nftables", "iptables"})
  void onlyTheMtaUserMayOpenSmtpConnections(String backend) throws Exception {
    try (NetnsLab lab = new NetnsLab(tmp)) {
      lab.listen(lab.client, lab.clientAddr, 25);
      lab.listen(lab.server, "127.0.0.1", 25);
      assertThat(lab.serverConnectsAs(WEB_UID, lab.clientAddr, 25)).as("before: the web user reaches port 25").isTrue();

      Path rootDir = NetnsLab.fixtureRoot(tmp, Map.of("mtauser", MTA_UID, "webuser", WEB_UID)).directory();
      // The real proc directory: the plan reads which processes hold SMTP connections now.
      HostRoot root = HostRoot.of(rootDir, Path.of("/proc"));
      Config config = lab.config(Map.of("backend", backend, "confirm-within", "0"), List.of("root", "mtauser"));
      ActionContext ctx = lab.context(root, config, Clock.systemDefaultZone());
      Journal journal = new Journal(tmp.resolve("journal.jsonl"));

      Daemon spammer = lab.holdFromServerAs(WEB_UID, lab.clientAddr, 25);
      List<SmtpSenders.Connection> now = SmtpSenders.current(root, Set.of(25), Set.of(0, MTA_UID));
      assertThat(now).anySatisfy(c -> {
        assertThat(c.pid()).isEqualTo(spammer.pid());
        assertThat(c.user()).isEqualTo("webuser");
        assertThat(c.remote()).isEqualTo(lab.clientAddr);
      });
      SmtpOnlyMta action = new SmtpOnlyMta(List.of(25, 465, 587), List.of("root", "mtauser"), now, List.of(), Map.of());
      assertThat(action.description().en()).contains("pid " + spammer.pid()).contains("webuser");

      Responder.Taken t = new Responder(journal).apply(new Plan(List.of(action)), ctx).get(0);
      assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done);
      assertThat(lab.firewallText()).contains(Layout.SMTP_LOG_PREFIX)
          .contains(backend.equals("nftables") ? "meta skuid != { 0, " + MTA_UID + " }" : "--uid-owner " + MTA_UID);

      assertThat(lab.serverConnectsAs(WEB_UID, lab.clientAddr, 25)).as("web user refused").isFalse();
      assertThat(lab.serverConnectsAs(MTA_UID, lab.clientAddr, 25)).as("the MTA's user").isTrue();
      assertThat(lab.serverConnectsAs(0, lab.clientAddr, 25)).as("root").isTrue();
      assertThat(lab.serverConnectsAs(WEB_UID, "127.0.0.1", 25)).as("the local MTA over loopback").isTrue();

      Undo undo = new Undo(journal);
      assertThat(undo.apply(undo.candidates(h -> true), ctx)).allSatisfy(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
      assertThat(lab.serverConnectsAs(WEB_UID, lab.clientAddr, 25)).as("after undo").isTrue();
    }
  }
}
