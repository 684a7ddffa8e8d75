package dev.spamtrace.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.journal.JournalEntry.Phase;
import dev.spamtrace.response.quarantine.QuarantineFile;
import dev.spamtrace.response.quarantine.QuarantineReversal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
  @TempDir Path tmp;
  Path root;
  Path file;
  Journal journal;
  ActionContext ctx;
  static final String SERVER_PATH = "/var/www/vhosts/shop.example/httpdocs/css/css.php";
  static final Instant MTIME = Instant.parse("2017-01-13T10:00:00Z");

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    file = root.resolve(SERVER_PATH.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "<?php mail($_POST['to'], 'x', 'y');\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-x---"));
    Files.setLastModifiedTime(file, FileTime.from(MTIME));
    journal = new Journal(tmp.resolve("state/journal.jsonl"));
    ctx = new ActionContext(HostRoot.of(root), Config.defaults(), CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2017, 1, 13)),
        Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(10)));
  }

  private QuarantineFile quarantine(String path) {
    return new QuarantineFile(path, "shop.example", "css/css.php", List.of("mass mailer"), List.of("malicious-file-1"));
  }

  @Test
  void quarantineUsesTheStaffLayoutAndUndoPutsItBackExactly() throws Exception {
    int uid = (Integer) Files.getAttribute(file, "unix:uid");
    String sha = SafeFiles.sha256(file);
    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(quarantine(SERVER_PATH))), ctx);

    assertThat(taken).singleElement().satisfies(t -> assertThat(t.phase()).isEqualTo(Phase.done));
    Path q = tmp.resolve("cases/20170113/shop.example_css_css.php");
    assertThat(file).doesNotExist();
    assertThat(q).exists();
    assertThat(SafeFiles.sha256(q)).isEqualTo(sha);
    assertThat(Files.getPosixFilePermissions(q)).isEmpty();
    assertThat(tmp.resolve("cases/20170113/shop.example_css_css.php.spamtrace.json")).content()
        .contains("\"state\" : \"quarantined\"", "\"mode\" : \"0650\"", SERVER_PATH, sha);

    List<Undo.Reversed> undone = new Undo(journal, List.of(new QuarantineReversal())).apply(
        new Undo(journal, List.of(new QuarantineReversal())).candidates(h -> true), ctx);
    assertThat(undone).singleElement().satisfies(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
    assertThat(file).exists();
    assertThat(SafeFiles.sha256(file)).isEqualTo(sha);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-x---");
    assertThat(Files.getLastModifiedTime(file).toInstant()).isEqualTo(MTIME);
    assertThat((Integer) Files.getAttribute(file, "unix:uid")).isEqualTo(uid);
    assertThat(journal.read().entries()).extracting(e -> e.phase())
        .containsExactly(Phase.intent, Phase.done, Phase.undo_intent, Phase.undone);
  }

  @Test
  void restoreRefusesToOverwriteAFileThatAppearedSince() throws Exception {
    new Responder(journal).apply(new Plan(List.of(quarantine(SERVER_PATH))), ctx);
    Files.writeString(file, "the customer's new file\n");
    Undo undo = new Undo(journal, List.of(new QuarantineReversal()));
    List<Undo.Reversed> r = undo.apply(undo.candidates(h -> true), ctx);
    assertThat(r).singleElement().satisfies(x -> {
      assertThat(x.ok()).isFalse();
      assertThat(x.message().en()).contains("appeared");
    });
    assertThat(file).content().isEqualTo("the customer's new file\n");
    assertThat(tmp.resolve("cases/20170113/shop.example_css_css.php")).exists();
  }

  @Test
  void refusesPathsOutsideTheAllowedPlacesAndSymlinks() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/bash\n");
    Files.createSymbolicLink(root.resolve("var/www/vhosts/shop.example/httpdocs/link.php"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(root.resolve("var/www/vhosts/shop.example/httpdocs/dirlink"), root.resolve("etc"));

    List<Responder.Taken> taken = new Responder(journal).apply(new Plan(List.of(
        quarantine("/etc/passwd"),
        quarantine("/var/www/vhosts/shop.example/httpdocs/link.php"),
        quarantine("/var/www/vhosts/shop.example/httpdocs/dirlink/passwd"))), ctx);

    assertThat(taken).extracting(Responder.Taken::phase).containsOnly(Phase.refused);
    assertThat(root.resolve("etc/passwd")).exists();
    assertThat(Files.isSymbolicLink(root.resolve("var/www/vhosts/shop.example/httpdocs/link.php"))).isTrue();
    assertThat(journal.read().entries()).extracting(e -> e.phase()).containsOnly(Phase.refused);
  }

  @Test
  void twoFilesWithTheSameQuarantineNameDoNotOverwriteEachOther() throws Exception {
    Path other = root.resolve("var/www/vhosts/shop.example/httpdocs/css_css.php");
    Files.writeString(other, "second");
    new Responder(journal).apply(new Plan(List.of(
        quarantine(SERVER_PATH),
        new QuarantineFile("/var/www/vhosts/shop.example/httpdocs/css_css.php", "shop.example", "css_css.php", List.of(), List.of()))), ctx);
    assertThat(tmp.resolve("cases/20170113/shop.example_css_css.php")).exists();
    assertThat(tmp.resolve("cases/20170113/shop.example_css_css.php.1")).exists();
  }

  @Test
  void aQuarantineCutOffAfterItsIntentIsUnwoundByUndo() throws Exception {
    // Simulate a crash: the intent is journaled and the sidecar written, but the file never moved.
    QuarantineFile a = quarantine(SERVER_PATH);
    Map<String, Object> prepared = a.prepare(ctx);
    journal.append(new dev.spamtrace.response.journal.JournalEntry(Instant.now(), ctx.caseFolder().id(), "cut-1", Phase.intent,
        a.type(), a.target(), a.description(), root.toString(), true, List.of(), prepared, null, null, null));
    Undo undo = new Undo(journal, List.of(new QuarantineReversal()));
    List<Undo.Candidate> c = undo.candidates(h -> true);
    assertThat(c).singleElement().satisfies(x -> assertThat(x.reversible()).isTrue());
    assertThat(undo.apply(c, ctx)).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
    assertThat(file).exists();
    assertThat(Files.exists(Path.of((String) prepared.get("quarantinedAs")), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
