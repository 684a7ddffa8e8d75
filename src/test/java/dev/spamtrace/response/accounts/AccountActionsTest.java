package dev.spamtrace.response.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.response.Action;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.Plan;
import dev.spamtrace.response.Responder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.response.Undo;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password rotation on a ProFTPD AuthUserFile in a fixture root (the store that needs no daemon),
 * the switches, the refusals, and where the new password goes: to the operator once, nowhere else.
 */
class AccountActionsTest {
  @TempDir Path tmp;
  Path root;
  Path passwd;
  Journal journal;
  static final String OLD_HASH = "$6$oldsalt$4v8bB1Ki0b5Fv6vJg1q8P2tq7nQy0tqjY0Hn8O6n0c2R1c6b1m4Yk1aQ1vX9cJ9pQ8Y3k2e1h7s0d5f6g7h8i9";

  @BeforeEach
  void setUp() throws Exception {
    root = tmp.resolve("root");
    passwd = root.resolve("etc/proftpd/ftpd.passwd");
    Files.createDirectories(passwd.getParent());
    Files.writeString(root.resolve("etc/hostname"), "sv42.hosting.example\n");
    Files.writeString(passwd, "other:" + OLD_HASH + ":10003:1004::/var/www/vhosts/bakery.example:/bin/false\n"
        + "shopuser:" + OLD_HASH + ":10001:1004::/var/www/vhosts/shop.example:/bin/false\n");
    Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-r-----"));
    journal = new Journal(tmp.resolve("state/journal.jsonl"));
  }

  static Finding compromise(String account) {
    return Finding.builder(FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + account).server("/srv/root").severity(Severity.HIGH)
        .summary(Text.of("FTP account %s used from 81.2.69.160", "FTP アカウント %s が 81.2.69.160 から使用された", account))
        .reason(Text.of("first login from GB (81.2.69.160); earlier logins only from JP", "GB (81.2.69.160) からの初めてのログイン"))
        .evidence("user", account).evidence("addresses", List.of("81.2.69.160"))
        .evidence("uploaded-scripts", List.of("/var/www/vhosts/shop.example/httpdocs/css/css.php")).source("logs").build();
  }

  Config config(boolean rotate, boolean notify) {
    return Config.defaults().with(Map.of("accounts", Map.of("rotate-ftp-passwords", rotate,
        "notify", Map.of("enabled", notify, "recipients", Map.of("shopuser", "owner@shop.example")))));
  }

  ActionContext ctx(Config c) {
    return new ActionContext(HostRoot.of(root), c, CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2026, 11, 28)), Clock.systemUTC(),
        new SystemCommand(Duration.ofSeconds(20)));
  }

  List<Action> plan(Config c) {
    return Plan.from(List.of(new AccountPlanner()), List.of(compromise("shopuser")), HostRoot.of(root), c).actions();
  }

  @Test
  void theNewPasswordIsSetShownOnceAndWrittenNowhereElse() throws Exception {
    Config c = config(true, false);
    List<Action> plan = plan(c);
    assertThat(plan).extracting(Action::type).containsExactly("rotate-ftp-password", "notify-customer");
    assertThat(plan.get(0).description().en()).contains("ProFTPD AuthUserFile /etc/proftpd/ftpd.passwd").contains("old password cannot be restored")
        .doesNotContain("[off");
    assertThat(plan.get(0).undoable()).isFalse();
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(plan.get(0))), ctx(c));
    Responder.Taken t = taken.get(0);
    assertThat(t.phase()).as(t.message().en()).isEqualTo(Phase.done);
    String password = t.shownOnce().secret();
    assertThat(password).hasSize(20).matches("[A-Za-z0-9_+=%-]+");
    assertThat(t.shownOnce().toString()).doesNotContain(password);
    assertThat(t.toString()).doesNotContain(password);

    List<String> lines = Files.readAllLines(passwd);
    assertThat(lines.get(0)).as("other accounts untouched").isEqualTo("other:" + OLD_HASH + ":10003:1004::/var/www/vhosts/bakery.example:/bin/false");
    String hash = lines.get(1).split(":")[1];
    assertThat(hash).startsWith("$6$").isNotEqualTo(OLD_HASH);
    assertThat(Sha2Crypt.sha512Crypt(password.getBytes(), hash)).as("the file accepts the new password").isEqualTo(hash);
    assertThat(lines.get(1)).endsWith(":10001:1004::/var/www/vhosts/shop.example:/bin/false");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwd))).isEqualTo("rw-r-----");
    assertThat(Files.list(passwd.getParent()).map(p -> p.getFileName().toString()).toList()).containsExactly("ftpd.passwd");

    // Nowhere else: not in the journal, not in the case folder.
    assertThat(Files.readString(journal.file())).contains("rotate-ftp-password", "\"store\":\"proftpd\"").doesNotContain(password);
    if (Files.exists(tmp.resolve("cases"))) {
      try (Stream<Path> s = Files.walk(tmp.resolve("cases"))) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(p)).doesNotContain(password);
        }
      }
    }
    // Undo says it cannot.
    List<Undo.Candidate> undo = new Undo(journal).candidates(h -> true);
    assertThat(undo).singleElement().satisfies(u -> {
      assertThat(u.reversible()).isFalse();
      assertThat(u.why().en()).contains("rotate-ftp-password cannot be undone");
    });
  }

  @Test
  void offByDefaultTheStepIsShownAndRefused() throws Exception {
    Config c = Config.defaults();
    List<Action> plan = Plan.from(List.of(new AccountPlanner()), List.of(compromise("shopuser")), HostRoot.of(root), c).actions();
    assertThat(plan).extracting(Action::type).containsExactly("rotate-ftp-password");
    assertThat(plan.get(0).description().en()).contains("[off: accounts.rotate-ftp-passwords is false");
    byte[] before = Files.readAllBytes(passwd);
    Responder.Taken t = new Responder(journal).apply(new Plan(plan), ctx(c)).get(0);
    assertThat(t.phase()).isEqualTo(Phase.refused);
    assertThat(t.shownOnce()).isNull();
    assertThat(Files.readAllBytes(passwd)).isEqualTo(before);
  }

  @Test
  void theNoticeIsRefusedWhenThePasswordWasNotChangedAndSaysNoSecret() throws Exception {
    Config c = config(false, true);
    List<Action> plan = plan(c);
    NotifyCustomer notify = (NotifyCustomer) plan.get(1);
    assertThat(notify.target()).isEqualTo("mail:owner@shop.example (ftp:shopuser)");
    CustomerNotice n = notify.notice();
    assertThat(n.from()).isEqualTo("root@sv42.hosting.example");
    assertThat(n.subjectLine()).isEqualTo("【重要】FTP アカウント shopuser のパスワードを変更しました / Important: the password of your FTP account shopuser was changed");
    assertThat(n.bodyText()).startsWith("お客様各位").contains("sv42.hosting.example 上の FTP アカウント shopuser", "GB (81.2.69.160) からの初めてのログイン",
        "/var/www/vhosts/shop.example/httpdocs/css/css.php", "Dear customer", "What we did:", "the FTP password of shopuser was changed");
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(plan), ctx(c));
    assertThat(taken).extracting(Responder.Taken::phase).containsExactly(Phase.refused, Phase.refused);
    assertThat(taken.get(1).message().en()).contains("was not changed in this run");
  }

  @Test
  void systemUsersAreChangedOnlyOnTheLiveSystemAndNeverSystemAccounts() throws Exception {
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n"
        + "bob:x:10020:1004::/var/www/vhosts/bob.example:/bin/false\n");
    Config c = config(true, false);
    FtpAccountStore store = FtpAccountStore.find(HostRoot.of(root), c.section("accounts", AccountSettings.class), "bob");
    assertThat(store).isInstanceOf(FtpAccountStore.SystemUser.class);
    assertThat(store.refusals(ctx(c), "bob")).singleElement().satisfies(t -> assertThat(t.en()).contains("is not the live system"));
    ActionContext live = new ActionContext(HostRoot.of(Path.of("/")), c, CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2026, 11, 28)),
        Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(20)));
    assertThat(store.refusals(live, "root")).anyMatch(t -> t.en().contains("system, web or mail account"));
    assertThat(store.refusals(live, "www-data")).anyMatch(t -> t.en().contains("system, web or mail account"));
    assertThat(store.refusals(live, "-e")).anyMatch(t -> t.en().contains("is not an account name"));
    assertThat(FtpAccountStore.find(HostRoot.of(root), c.section("accounts", AccountSettings.class), "nobody-here"))
        .isInstanceOf(FtpAccountStore.Unknown.class);
  }

  @Test
  void aPanelGetsTheAccountAsOneArgumentAndThePasswordInItsEnvironment() {
    FtpAccountStore.Panel p = new FtpAccountStore.Panel(List.of("plesk", "bin", "ftpsubaccount", "--update", "{account}", "-passwd", ""), "PSA_PASSWORD");
    assertThat(p.argv("shop user;rm -rf /")).containsExactly("plesk", "bin", "ftpsubaccount", "--update", "shop user;rm -rf /", "-passwd", "");
    assertThat(FtpAccountStore.validName("shop user;rm -rf /")).isNotEmpty();
    assertThat(FtpAccountStore.validName("shopuser")).isEmpty();
  }
}
