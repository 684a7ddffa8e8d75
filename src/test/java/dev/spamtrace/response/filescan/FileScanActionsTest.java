package dev.spamtrace.response.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScanActionsTest {
  @TempDir Path tmp;
  Path root;
  Journal journal;
  ActionContext ctx;
  static final String DOCROOT = "/var/www/vhosts/oldsite.example/httpdocs";

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Files.createDirectories(root.resolve(DOCROOT.substring(1) + "/images"));
    journal = new Journal(tmp.resolve("state/journal.jsonl"));
    ctx = new ActionContext(HostRoot.of(root), Config.defaults(), CaseFolder.forDay(tmp.resolve("cases"), LocalDate.of(2017, 1, 13)),
        Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(10)));
  }

  Undo undo() {
    return new Undo(journal, List.of(new RestoreFolderModeReversal(), new DisablePhpReversal()));
  }

  @Test
  void restoresATamperedFolderModeAndUndoesIt() throws Exception {
    Path images = root.resolve(DOCROOT.substring(1) + "/images");
    Files.setPosixFilePermissions(images, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<Responder.Taken> t = new Responder(journal).apply(new Plan(List.of(new RestoreFolderMode(DOCROOT + "/images", 0777, 0755, List.of("f1")))), ctx);
    assertThat(t).singleElement().satisfies(x -> assertThat(x.phase()).isEqualTo(Phase.done));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(images))).isEqualTo("rwxr-xr-x");
    assertThat(undo().apply(undo().candidates(h -> true), ctx)).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(images))).isEqualTo("rwxrwxrwx");
  }

  @Test
  void refusesAFolderChangedSinceTheScanOrReachedThroughASymlink() throws Exception {
    Path images = root.resolve(DOCROOT.substring(1) + "/images");
    Files.setPosixFilePermissions(images, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve(DOCROOT.substring(1) + "/link"), root.resolve("etc"));
    List<Responder.Taken> t = new Responder(journal).apply(new Plan(List.of(
        new RestoreFolderMode(DOCROOT + "/images", 0777, 0755, List.of()),
        new RestoreFolderMode(DOCROOT + "/link", 0777, 0755, List.of()),
        new RestoreFolderMode("/etc", 0777, 0755, List.of()))), ctx);
    assertThat(t).extracting(Responder.Taken::phase).containsOnly(Phase.refused);
    assertThat(t.get(0).message().en()).contains("has mode 0750 now");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(images))).isEqualTo("rwxr-x---");
  }

  @Test
  void turnsPhpOffWithAnHtaccessBlockAndUndoPutsTheCustomersFileBackByteForByte() throws Exception {
    Path h = root.resolve(DOCROOT.substring(1) + "/.htaccess");
    String original = "# the customer's own rules\nRewriteEngine On\nRewriteRule ^old$ /new [R=301]";
    Files.writeString(h, original);
    Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rw-r-----"));
    List<Responder.Taken> t = new Responder(journal).apply(new Plan(List.of(new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.HTACCESS, List.of("f")))), ctx);
    assertThat(t).singleElement().satisfies(x -> assertThat(x.phase()).as(x.message().en()).isEqualTo(Phase.done));
    String now = Files.readString(h);
    assertThat(now).startsWith(original + "\n# BEGIN spamtrace php-off").contains("Require all denied", "Deny from all", "php_flag engine off")
        .endsWith("# END spamtrace php-off\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(h))).isEqualTo("rw-r-----");
    assertThat(tmp.resolve("cases/20170113/evidence")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("htaccess-oldsite.example"));

    assertThat(undo().apply(undo().candidates(x -> true), ctx)).singleElement().satisfies(r -> assertThat(r.ok()).as(r.message().en()).isTrue());
    assertThat(Files.readString(h)).isEqualTo(original);
  }

  @Test
  void undoKeepsWhatTheCustomerAddedSinceAndRemovesAnHtaccessItCreated() throws Exception {
    Path h = root.resolve(DOCROOT.substring(1) + "/.htaccess");
    new Responder(journal).apply(new Plan(List.of(new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.HTACCESS, List.of()))), ctx);
    assertThat(h).exists();
    Files.writeString(h, Files.readString(h) + "ErrorDocument 404 /404.html\n");
    undo().apply(undo().candidates(x -> true), ctx);
    assertThat(Files.readString(h)).isEqualTo("ErrorDocument 404 /404.html\n");

    Files.delete(h);
    Journal j2 = new Journal(tmp.resolve("state2/journal.jsonl"));
    new Responder(j2).apply(new Plan(List.of(new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.HTACCESS, List.of()))), ctx);
    Undo u = new Undo(j2, List.of(new DisablePhpReversal()));
    u.apply(u.candidates(x -> true), ctx);
    assertThat(h).doesNotExist();
  }

  @Test
  void refusesASymlinkedHtaccessAndPleskOffTheLiveServer() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
    Files.createSymbolicLink(root.resolve(DOCROOT.substring(1) + "/.htaccess"), root.resolve("etc/passwd"));
    List<Responder.Taken> t = new Responder(journal).apply(new Plan(List.of(
        new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.HTACCESS, List.of()),
        new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.PLESK, List.of()))), ctx);
    assertThat(t).extracting(Responder.Taken::phase).containsOnly(Phase.refused);
    assertThat(Files.readString(root.resolve("etc/passwd"))).isEqualTo("root:x:0:0::/root:/bin/sh\n");
  }

  @Test
  void writesAnNginxSnippetForTheOperatorToInclude() throws Exception {
    Files.createDirectories(root.resolve("etc/nginx"));
    new Responder(journal).apply(new Plan(List.of(new DisablePhp(DOCROOT, "oldsite.example", DisablePhp.Method.NGINX_SNIPPET, List.of()))), ctx);
    Path s = root.resolve("etc/nginx/snippets/spamtrace-php-off-oldsite.example.conf");
    assertThat(s).content().contains("location ~* \\.(php[0-9]?|phtml|pht|phar)$", "deny all;");
    undo().apply(undo().candidates(x -> true), ctx);
    assertThat(s).doesNotExist();
  }
}
