package dev.spamtrace.mailqueue.exim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.mailqueue.qmail.QmailEnvelope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** -H files written by the real Exim 4.96 (fixtures/mailqueue/exim/README.md), whole, cut and corrupted. */
class EximHeaderFileTest {
  static final Path FLAT = Path.of("src/test/resources/fixtures/mailqueue/exim/flat");

  @Test
  void readsTheSpoolAsEximWroteIt() throws Exception {
    EximHeaderFile.Parsed p = EximHeaderFile.parse(Files.readAllBytes(FLAT.resolve("input/1xX73i-0007qT-2X-H")));
    assertThat(p.problems()).isEmpty();
    assertThat(p.id()).isEqualTo("1xX73i-0007qT-2X");
    assertThat(p.login()).isEqualTo("root");
    assertThat(p.sender()).isEqualTo("sales@bakery.example");
    assertThat(p.options()).containsEntry("host_address", "[198.51.100.7]:0").containsEntry("auth_id", "sales@bakery.example")
        .containsEntry("host_auth", "plain").containsEntry("received_protocol", "esmtpa");
    assertThat(p.recipients()).containsExactly("buyer1@example.com", "buyer2@example.net");
    assertThat(p.headers().first("Subject")).isEqualTo("Cheap watches");
    assertThat(p.headerLines()).first().asString().startsWith("Received: from [198.51.100.7] (helo=pc.example ident=root)");
    assertThat(EximSpool.hostAddress("[198.51.100.7]:0")).isEqualTo("198.51.100.7");
    assertThat(EximSpool.hostAddress("[2001:db8::1]:25")).isEqualTo("2001:db8::1");
    assertThat(EximSpool.hostAddress("192.0.2.1.4321")).isEqualTo("192.0.2.1");
  }

  @Test
  void deliveredTreeAndRecipientTailsAsTheSpecDescribes() {
    String h = "1xX000-000000-00-H\nmail 8 8\n<a@b.example>\n1795828604 0\n-local\n"
        + "YY darcy@austen.example\nNN alice@wonderland.example\nNN editor@thesaurus.example\n"
        + "4\ndarcy@austen.example\nalice@wonderland.example\neditor@thesaurus.example\nnew@x.example errors@x.example 16,-1#1\n\n"
        + "021T To: new@x.example, z\n";
    EximHeaderFile.Parsed p = EximHeaderFile.parse(h.getBytes(StandardCharsets.UTF_8));
    assertThat(p.problems()).isEmpty();
    assertThat(p.delivered()).containsExactly("darcy@austen.example", "alice@wonderland.example", "editor@thesaurus.example");
    assertThat(p.recipients()).last().isEqualTo("new@x.example");
  }

  @Test
  void cutAndCorruptedFilesAreReportedNeverFatal() throws Exception {
    List<byte[]> all = new ArrayList<>();
    try (var s = Files.list(FLAT.resolve("input"))) {
      for (Path p : s.filter(x -> x.toString().endsWith("-H")).toList()) {
        all.add(Files.readAllBytes(p));
      }
    }
    Random rnd = new Random(3);
    for (byte[] b : all) {
      for (int cut = 0; cut < b.length; cut += 7) {
        EximHeaderFile.Parsed p = EximHeaderFile.parse(Arrays.copyOf(b, cut));
        assertThat(p).isNotNull();
      }
      for (int i = 0; i < 300; i++) {
        byte[] c = b.clone();
        for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
          c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
        }
        assertThat(EximHeaderFile.parse(c)).isNotNull();
      }
    }
    assertThat(EximHeaderFile.parse(Arrays.copyOf(all.get(0), 60)).problems()).isNotEmpty();
    byte[] junk = new byte[3000];
    rnd.nextBytes(junk);
    assertThat(EximHeaderFile.parse(junk).problems()).isNotEmpty();
    // A header that claims more bytes than the file has.
    assertThat(EximHeaderFile.parse("x-H\nroot 0 0\n<>\n1 0\nXX\n0\n\n999T To: a\n".getBytes(StandardCharsets.UTF_8)).problems())
        .singleElement().asString().contains("truncated");
  }

  @Test
  void qmailEnvelopesCutOrWithoutTerminator() {
    List<String> problems = new ArrayList<>();
    assertThat(QmailEnvelope.parse("u48\0p99\0Fa@b\0Tc@d\0\0".getBytes(StandardCharsets.UTF_8), problems))
        .extracting(QmailEnvelope.Field::type).containsExactly('u', 'p', 'F', 'T');
    assertThat(problems).isEmpty();
    assertThat(QmailEnvelope.parse("Fa@b\0Tc@".getBytes(StandardCharsets.UTF_8), problems)).hasSize(1);
    assertThat(problems).singleElement().asString().contains("truncated");
  }
}
