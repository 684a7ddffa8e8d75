package dev.spamtrace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "flagged by another inspector" raise the logs inspector cannot apply itself. */
class PostBurstBoostTest {
  static final String PATH = "/var/www/vhosts/shop.example/httpdocs/css/css.php";

  static Finding burst(String path, Map<String, Integer> statuses) {
    return Finding.builder(FindingKind.POST_BURST, path).server("/").severity(Severity.MEDIUM)
        .summary(Text.same("40 POSTs")).reason(Text.same("40 POSTs within 10 minutes")).evidence("path", path).evidence("posts", 40)
        .evidence("statuses", statuses).source("logs").build();
  }

  static Finding file(FindingKind k, String path) {
    return Finding.builder(k, path).server("/").severity(Severity.HIGH).summary(Text.same(path)).evidence("path", path).source("filescan").build();
  }

  @Test
  void aBurstOnAFlaggedFileIsRaisedOneStepWithTheSameId() {
    Finding b = burst(PATH, Map.of("200", 40));
    List<Finding> out = PostBurstBoost.restate(List.of(b, file(FindingKind.MALICIOUS_FILE, PATH)));
    assertThat(out).singleElement().satisfies(f -> {
      assertThat(f.id()).isEqualTo(b.id());
      assertThat(f.severity()).isEqualTo(Severity.HIGH);
      assertThat(f.reasons()).hasSize(2).last().satisfies(r -> assertThat(r.en()).isEqualTo("another inspector flagged this file: malicious-file (filescan)"));
      assertThat(f.evidence()).containsEntry("posts", 40).containsKey("flagged-by");
    });
    // Restating a restated burst does nothing more.
    assertThat(PostBurstBoost.restate(List.of(out.get(0), file(FindingKind.MALICIOUS_FILE, PATH)))).isEmpty();
  }

  @Test
  void unflaggedFilesAndBurstsNeverAnsweredStayAsTheyWere() {
    assertThat(PostBurstBoost.restate(List.of(burst(PATH, Map.of("200", 40)), file(FindingKind.MALICIOUS_FILE, PATH + ".bak")))).isEmpty();
    assertThat(PostBurstBoost.restate(List.of(burst(PATH, Map.of("404", 40)), file(FindingKind.SUSPICIOUS_FILE, PATH)))).isEmpty();
  }
}
