package dev.spamtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  @TempDir Path tmp;

  int run(StringWriter out, String... args) {
    return Main.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
  }

  @Test
  void scansAFolderAndAFileGivenDirectly() throws Exception {
    Path upload = Files.createDirectories(tmp.resolve("backup/site/images"));
    Files.writeString(upload.resolve("x.php"), "<?php $a=$_REQUEST['a']; @eval(base64_decode($a));");
    Files.writeString(tmp.resolve("backup/site/index.php"), "<?php echo 'shop';");
    // The site's own file is years older than the drop (a file changed in the same hour would be listed for review).
    Files.setLastModifiedTime(tmp.resolve("backup/site/index.php"), java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L));
    Path single = Files.writeString(tmp.resolve("mailer.txt.php"), "<?php foreach (explode(\"\\n\", $_POST['l']) as $t) mail($t, $_POST['s'], $_POST['m']);");

    StringWriter json = new StringWriter();
    int rc = run(json, "scan", tmp.resolve("backup").toString(), single.toString(), "--format", "json");
    assertThat(rc).isEqualTo(ExitCode.FINDINGS);
    assertThat(json.toString()).contains("\"kind\" : \"malicious-file\"", upload.resolve("x.php").toString(),
        "chopper.one-liner", "mailer.recipients-from-request-in-loop", "php-in-static-folder")
        .doesNotContain(tmp.resolve("backup/site/index.php") + "\"");

    StringWriter clean = new StringWriter();
    assertThat(run(clean, "scan", tmp.resolve("backup/site/index.php").toString())).isEqualTo(ExitCode.CLEAN);
    assertThat(run(new StringWriter(), "scan", tmp.resolve("nope").toString())).isEqualTo(ExitCode.PARTIAL);
    assertThat(run(new StringWriter(), "scan", tmp.toString(), "--format", "html")).isEqualTo(ExitCode.USAGE);
  }
}
