package dev.spamtrace.mailqueue.postfix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.mailqueue.ByteSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Queue files written by the real Postfix 3.7.11 on Debian 12 (see fixtures/mailqueue/postfix/README.md):
 * PHP mail() through sendmail -t, an SMTP message with the null sender, and a postdrop file in maildrop/.
 */
class PostfixQueueFileTest {
  static byte[] fixture(String name) throws Exception {
    return Files.readAllBytes(Path.of("src/test/resources/fixtures/mailqueue/postfix", name));
  }

  @Test
  void readsPhpMailAsPostcatDoes() throws Exception {
    PostfixQueue.Parsed p = PostfixQueue.parse(ByteSource.of(fixture("deferred-php-mail-E74E117099E")), 65536);
    assertThat(p.file().problems()).isEmpty();
    assertThat(p.file().complete()).isTrue();
    assertThat(p.file().arrival()).isEqualTo(Instant.ofEpochSecond(1795828225, 939620_000));
    assertThat(p.file().sender()).isEqualTo("info@shop.example");
    assertThat(p.file().fullName()).isEqualTo("www-data");
    // sendmail -t: the recipient is in the extracted segment, after the body.
    assertThat(p.file().recipients()).containsExactly("victim0001@example.net");
    assertThat(p.file().contentSize()).isEqualTo(393);
    assertThat(p.file().attributes()).containsEntry("rewrite_context", "local");
    assertThat(p.facts().script().ownerUid()).isEqualTo(1001);
    assertThat(p.facts().script().script()).isEqualTo("lab.php");
    assertThat(p.facts().receivedUid()).isEqualTo(33);
    assertThat(p.facts().subject()).isEqualTo("請求書 #1");
    assertThat(p.facts().from()).isEqualTo("Shop <info@shop.example>");
    assertThat(p.facts().xMailer()).isEqualTo("PHP/8.2.36");
    assertThat(p.facts().messageId()).isEqualTo("<20261128011025.E74E117099E@mail.example.test>");
  }

  @Test
  void readsSmtpClientAttributesAndTheNullSender() throws Exception {
    PostfixQueue.Parsed p = PostfixQueue.parse(ByteSource.of(fixture("deferred-smtp-null-sender-C948F170291")), 65536);
    assertThat(p.file().problems()).isEmpty();
    assertThat(p.file().sender()).isEmpty();
    assertThat(p.file().recipients()).containsExactly("ghost@example.org");
    assertThat(p.file().attributes()).containsEntry("client_address", "127.0.0.1").containsEntry("log_helo_name", "client.example");
    assertThat(p.facts().bulk()).isTrue();
    assertThat(p.facts().receivedUid()).isNull();
  }

  @Test
  void readsAMaildropFile() throws Exception {
    PostfixQueue.Parsed p = PostfixQueue.parse(ByteSource.of(fixture("maildrop-BC39020C415")), 65536);
    assertThat(p.file().problems()).isEmpty();
    assertThat(p.file().sender()).isEqualTo("bounce@shop.example");
    assertThat(p.file().recipients()).containsExactly("r1@example.com", "r2@example.net");
    assertThat(p.facts().subject()).isEqualTo("maildrop test");
  }

  @Test
  void deferLogGivesEachRecipientsReason() throws Exception {
    assertThat(PostfixDeferLog.reasons(new String(fixture("defer-E74E117099E"), StandardCharsets.UTF_8)))
        .containsExactly(java.util.Map.entry("victim0001@example.net", "connect to 127.0.0.9[127.0.0.9]:2526: Connection refused"));
  }

  @Test
  void writesTheMessageAsDelivered() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = PostfixQueueFile.writeContent(ByteSource.of(fixture("deferred-php-mail-E74E117099E")), out, 1 << 20);
    String eml = out.toString(StandardCharsets.UTF_8);
    // The C record's 393 counts record headers too; the text itself is 381 bytes.
    assertThat(n).isEqualTo(381).isEqualTo(eml.getBytes(StandardCharsets.UTF_8).length);
    assertThat(eml).startsWith("Received: by mail.example.test (Postfix, from userid 33)\n\tid E74E117099E;")
        .contains("\nX-PHP-Originating-Script: 1001:lab.php\n").endsWith("\n\nHello 1\n\n");
  }

  @Test
  void truncatedFilesAreReportedNotFatal() throws Exception {
    byte[] all = fixture("deferred-php-mail-E74E117099E");
    for (int cut = 0; cut < all.length; cut++) {
      PostfixQueueFile.Parsed p = PostfixQueueFile.parse(ByteSource.of(Arrays.copyOf(all, cut)), 65536);
      assertThat(p.complete()).as("cut at %d", cut).isFalse();
      assertThat(p.problems()).as("cut at %d", cut).isNotEmpty();
    }
  }

  @Test
  void garbageAndUnknownRecordsAreReportedNotFatal() throws Exception {
    Random rnd = new Random(42);
    byte[] all = fixture("deferred-php-mail-E74E117099E");
    for (int i = 0; i < 2000; i++) {
      byte[] b = all.clone();
      for (int k = 0; k < 1 + rnd.nextInt(5); k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      PostfixQueueFile.Parsed p = PostfixQueueFile.parse(ByteSource.of(b), 65536);
      assertThat(p).isNotNull();
      PostfixQueueFile.writeContent(ByteSource.of(b), new ByteArrayOutputStream(), 1 << 20);
    }
    byte[] junk = new byte[4096];
    rnd.nextBytes(junk);
    assertThat(PostfixQueueFile.parse(ByteSource.of(junk), 65536).problems()).isNotEmpty();
    byte[] unknown = {'T', 3, '1', ' ', '0', 'Z', 1, 'x', 'S', 1, 'a', 'M', 0, 'N', 0, 'X', 0, 'E', 0};
    PostfixQueueFile.Parsed p = PostfixQueueFile.parse(ByteSource.of(unknown), 65536);
    assertThat(p.problems()).singleElement().asString().contains("unknown record type 'Z'");
    assertThat(p.sender()).isEqualTo("a");
    assertThat(p.complete()).isTrue();
  }

  @Test
  void pointerLoopsStop() throws Exception {
    // A pointer record at offset 5 that points at itself: Postfix gives up after its jump limit, so do we.
    byte[] b = ("S\u0001aM\u0000" + "p\u000f              5").getBytes(StandardCharsets.ISO_8859_1);
    PostfixQueueFile.Parsed p = PostfixQueueFile.parse(ByteSource.of(b), 65536);
    assertThat(p.problems()).anySatisfy(s -> assertThat(s).contains("too many pointer"));
  }

  @Test
  void sizeAndTimeRecordsAreReadAsLongParseLongReadsTheirWords() {
    String[] inputs = {"", " ", "12", "  1234  5678  9", "+7 -8", "-", "+", "12x 3", "1\t2", "9223372036854775807 1",
        "9223372036854775808 1", "-9223372036854775807", "99999999999999999999", "\u001c5\u001f6", "0007", "1 2 3 4"};
    for (String in : inputs) {
      byte[] b = in.getBytes(StandardCharsets.US_ASCII);
      long[] got = PostfixQueueFile.numbers(b, 0, b.length, 2);
      String[] words = in.strip().isEmpty() ? new String[0] : in.strip().split("[\\s\u001c-\u001f]+");
      assertThat(got).as(in).hasSize(Math.min(2, words.length));
      for (int i = 0; i < got.length; i++) {
        long expected;
        try {
          expected = Long.parseLong(words[i]);
        } catch (NumberFormatException e) {
          expected = PostfixQueueFile.NOT_A_NUMBER;
        }
        assertThat(got[i]).as(in + " word " + i).isEqualTo(expected);
      }
    }
    byte[] t = "1733000000 123456".getBytes(StandardCharsets.US_ASCII);
    assertThat(PostfixQueueFile.parseTime(t, 0, t.length)).isEqualTo(Instant.ofEpochSecond(1733000000, 123456000));
    byte[] old = "1733000000".getBytes(StandardCharsets.US_ASCII);
    assertThat(PostfixQueueFile.parseTime(old, 0, old.length)).isEqualTo(Instant.ofEpochSecond(1733000000));
    byte[] bad = "1733000000 x".getBytes(StandardCharsets.US_ASCII);
    assertThat(PostfixQueueFile.parseTime(bad, 0, bad.length)).isNull();
  }
}
