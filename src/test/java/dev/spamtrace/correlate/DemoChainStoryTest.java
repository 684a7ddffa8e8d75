package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spamtrace demo} reads as the story: the chain in the field guide's order first, the plan last, ending with the customers. */
class DemoChainStoryTest {
  @TempDir Path tmp;

  @Test
  void theDemoTellsTheChainInOrderAndEndsWithThePlan() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.execute(new String[] {"demo", "--dir", tmp.resolve("demo").toString()}, new PrintWriter(out), new PrintWriter(err));
    assertThat(rc).as(err.toString()).isEqualTo(1);
    String text = out.toString();
    int last = -1;
    for (String stage : new String[] {"What happened: incident-", "  1. the mail queue", "  2. the scripts that sent it", "  3. the POSTs that drove them",
        "  4. the FTP upload that placed them", "  5. the account", "  6. the attacker's address", "  7. the other files they placed",
        "  8. processes, cron and payloads", "  9. folders, sites and blocklists", " 10. the plan (at the end)", "Findings (18)", "Checked",
        "Plan (dry run"}) {
      int at = text.indexOf(stage, last + 1);
      assertThat(at).as("'%s' after position %d", stage, last).isGreaterThan(last);
      last = at;
    }
    assertThat(text.substring(last)).contains("purge-queued-mail", "rotate-ftp-password", "notify-customer", "owner@shop.example");
    assertThat(text).contains("shopuser uploaded /var/www/vhosts/shop.example/httpdocs/css/css.php over FTP from 81.2.69.160");
  }
}
