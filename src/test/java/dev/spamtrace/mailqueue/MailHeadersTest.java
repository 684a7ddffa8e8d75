package dev.spamtrace.mailqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailHeadersTest {
  @Test
  void decodesEncodedWordsInTheCharsetsSpamUses() {
    String iso2022 = "=?ISO-2022-JP?B?" + Base64.getEncoder().encodeToString("お支払いのお願い".getBytes(Charset.forName("ISO-2022-JP"))) + "?=";
    assertThat(MailHeaders.decodeWords(iso2022)).isEqualTo("お支払いのお願い");
    assertThat(MailHeaders.decodeWords("=?utf-8?q?Caf=C3=A9_au_lait?= =?UTF-8?B?IOKYlQ==?= tail")).isEqualTo("Café au lait ☕ tail");
    assertThat(MailHeaders.decodeWords("Re: =?iso-8859-1?Q?Gr=FC=DFe?=")).isEqualTo("Re: Grüße");
    // Unknown charsets and broken encodings are left as they were, never an exception.
    assertThat(MailHeaders.decodeWords("=?x-no-such?B?AAAA?= =?UTF-8?B?***?= =?UTF-8?Q?=ZZ?=")).isEqualTo("=?x-no-such?B?AAAA?= =?UTF-8?B?***?= =?UTF-8?Q?=ZZ?=");
  }

  @Test
  void unfoldsAndKeepsOnlyWhatIsAsked() {
    MailHeaders h = MailHeaders.parse(List.of("Received: from x", "\tby y", "Subject: a", " b", "X-Other: z", "no colon line", "From: f@e.example", "",
        "Body: not a header"), MessageFacts.WANTED);
    assertThat(h.first("Received")).isEqualTo("from x by y");
    assertThat(h.first("subject")).isEqualTo("a b");
    assertThat(h.first("X-Other")).isNull();
    assertThat(h.first("Body")).isNull();
    assertThat(h.first("From")).isEqualTo("f@e.example");
  }

  @Test
  void factsFromPleskQmailAndBinaryGarbage() {
    byte[] msg = ("Received: (qmail 4242 invoked from network); 13 Jan 2017 10:20:00 +0900\n"
        + "Received: from unknown (HELO pc) (203.0.113.45)\n  by sv42.hosting.example with SMTP; 13 Jan 2017 10:20:00 +0900\n"
        + "X-PPP-Vhost: shop.example\nX-PPP-Message-ID: <1@sv42>\nSubject: \u0000\u001b[31mred\u00ff\nList-Unsubscribe: <mailto:x>\n"
        + "X-PHP-Originating-Script: 10001:css.php\n\nbody\n").getBytes(StandardCharsets.ISO_8859_1);
    MessageFacts f = MessageFacts.of(MailHeaders.parse(msg, 0, msg.length, MessageFacts.WANTED));
    assertThat(f.vhost()).isEqualTo("shop.example");
    assertThat(f.receivedClient()).isEqualTo("203.0.113.45");
    assertThat(f.receivedUid()).isNull();
    assertThat(f.bulk()).isTrue();
    assertThat(f.script()).isEqualTo(new OriginatingScript(10001, "css.php"));
    assertThat(f.subject()).startsWith("\u0000\u001b[31mred"); // kept as data; reports print it through Printable
    assertThat(OriginatingScript.parse("css.php")).isEqualTo(new OriginatingScript(null, "css.php"));
    assertThat(OriginatingScript.parse("x1:y")).isEqualTo(new OriginatingScript(null, "x1:y"));
    assertThat(OriginatingScript.parse("99999999999:y")).isEqualTo(new OriginatingScript(null, "99999999999:y"));
  }

  @Test
  void bytesAndLinesGiveTheSameFieldsWhateverTheLineEnds() {
    String block = "Received: from x\r\n\tby y\r\nX-Other: z\r\n continued other\r\nSUBJECT:  a\r\n b \r\nno colon line\r\n"
        + " orphan continuation\r\nFrom: =?UTF-8?B?" + Base64.getEncoder().encodeToString("店".getBytes(StandardCharsets.UTF_8))
        + "?= <f@e.example>\r\nReceived: (Postfix, from userid 48)\r\n\r\nSubject: body, not a header\r\n";
    byte[] b = block.getBytes(StandardCharsets.UTF_8);
    MailHeaders fromBytes = MailHeaders.parse(b, 0, b.length, MessageFacts.WANTED);
    MailHeaders fromLines = MailHeaders.parse(List.of(block.split("\r\n", -1)), MessageFacts.WANTED);
    for (MailHeaders h : List.of(fromBytes, fromLines)) {
      assertThat(h.all("received")).containsExactly("from x by y", "(Postfix, from userid 48)");
      assertThat(h.first("Subject")).isEqualTo("a b");
      assertThat(h.first("X-Other")).isNull();
      assertThat(h.decoded("from")).isEqualTo("店 <f@e.example>");
      assertThat(h.size()).isEqualTo(4);
    }
    // Only the header section: a message cut inside it still gives what it has, and bytes past
    // the given length are not read.
    assertThat(MailHeaders.parse(b, 0, 18, MessageFacts.WANTED).first("received")).isEqualTo("from x");
    assertThat(MessageFacts.of(fromBytes).receivedUid()).isEqualTo(48);
  }

  @Test
  void postfixUseridIsReadOnlyFromItsOwnWords() {
    assertThat(MessageFacts.postfixUserid("by mail.example (Postfix, from userid 33)\n\tid 4")).isEqualTo(33);
    assertThat(MessageFacts.postfixUserid("by mail.example (Postfix, from userid )")).isNull();
    assertThat(MessageFacts.postfixUserid("by mail.example (Postfix, from userid 33")).isNull();
    assertThat(MessageFacts.postfixUserid("by mail.example (Postfix, from userid 12345678901)")).isNull();
    assertThat(MessageFacts.postfixUserid("by mail.example (Postfix, from userid ３３)")).isNull();
  }

  @Test
  void qmailUidIsReadOnlyFromItsOwnWords() {
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid 48); 13 Jan 2017 10:20:00 +0900")).isEqualTo(48);
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid 48)")).isEqualTo(48);
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked from network); 13 Jan 2017")).isNull();
    assertThat(MessageFacts.qmailUid("(qmail  invoked by uid 48)")).isNull();
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid )")).isNull();
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid 48")).isNull();
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid 12345678901)")).isNull();
    assertThat(MessageFacts.qmailUid("(qmail 4242 invoked by uid ４８)")).isNull();
  }

  @Test
  void aMessagesFilesAreKeptAsThePartsAroundItsIdAndGivenBackWhole() {
    List<String> files = List.of("/var/qmail/queue/mess/7/3000007", "/var/qmail/queue/info/7/3000007", "/elsewhere/without-the-id");
    List<String> kept = QueueFileList.of(files, "3000007");
    assertThat(kept).containsExactlyElementsOf(files).isEqualTo(files).hasSameHashCodeAs(files);
    // An id that also appears earlier in the path still rebuilds the same path.
    assertThat(QueueFileList.of(List.of("/q/mess/1/1", "/q/1/x1y"), "1")).containsExactly("/q/mess/1/1", "/q/1/x1y");
    assertThat(QueueFileList.of(List.of(), "1")).isEmpty();
    assertThat(QueueFileList.of(List.of("/a/b"), "")).containsExactly("/a/b");
  }
}
