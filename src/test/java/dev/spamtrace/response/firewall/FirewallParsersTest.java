package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.host.proc.NetSocket;
import dev.spamtrace.host.proc.ProcNet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers, on text captured from the real tools (samples/firewall/SOURCE.txt). */
class FirewallParsersTest {
  static String sample(String name) throws IOException {
    try (InputStream in = FirewallParsersTest.class.getResourceAsStream("/samples/firewall/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void nftJsonReadsOurTableOnly() throws IOException {
    FirewallState s = NftJson.parse(sample("nft-list-ruleset.json"), "spamtrace");
    assertThat(s.present()).isTrue();
    assertThat(s.members(OurSet.BLOCK4)).extracting(m -> m.element().toString()).containsExactlyInAnyOrder("198.51.100.0/24", "203.0.113.7");
    assertThat(s.find(OurSet.BLOCK4, Element.parse("203.0.113.7"))).get().satisfies(m -> {
      assertThat(m.timeoutSeconds()).isEqualTo(600);
      assertThat(m.expiresSeconds()).isBetween(1L, 600L);
    });
    assertThat(s.find(OurSet.BLOCK4, Element.parse("198.51.100.0/24")).get().pending()).isFalse();
    assertThat(s.members(OurSet.BLOCK6)).extracting(m -> m.element().toString()).containsExactlyInAnyOrder("2001:db8:1::/48", "2001:db8:2::7");
    assertThat(s.members(OurSet.BLOCKPORT4)).extracting(m -> m.element().toString())
        .containsExactlyInAnyOrder("203.0.113.0/24 . 21", "198.18.0.1 . 49152-65535");
    assertThat(s.members(OurSet.SMTP_PORTS)).extracting(m -> m.element().toString()).containsExactlyInAnyOrder("25", "465", "587");
    assertThat(s.has(OurSet.policyPorts("ftp"), Element.parse("49152-65535"))).isTrue();
    // table inet other has a set called block4 too: not ours, not read.
    assertThat(s.has(OurSet.BLOCK4, Element.parse("192.0.2.99"))).isFalse();
    assertThat(s.anyEffect()).isTrue();
    assertThat(s.policies()).containsExactly("ftp");
    assertThat(NftJson.parse("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}", "spamtrace").present()).isFalse();
  }

  @Test
  void ipsetSaveReadsOurSetsOnly() throws IOException {
    FirewallState s = IpsetSave.parse(sample("ipset-save.txt"));
    assertThat(s.present()).isTrue();
    assertThat(s.sets()).doesNotContainKey("somebody-else");
    assertThat(s.find(OurSet.BLOCK4, Element.parse("203.0.113.7")).get().timeoutSeconds()).isEqualTo(599);
    assertThat(s.find(OurSet.BLOCK4, Element.parse("198.51.100.0/24")).get().pending()).as("timeout 0 is until removed").isFalse();
    // one entry per port and protocol in ipset; a range is there when each of its ports is (tcp counted once)
    assertThat(s.members(OurSet.BLOCKPORT4)).hasSize(2);
    assertThat(s.has(OurSet.BLOCKPORT4, Element.parse("203.0.113.0/24 . 21-22"))).isTrue();
    assertThat(s.has(OurSet.BLOCKPORT4, Element.parse("203.0.113.0/24 . 21-23"))).isFalse();
    assertThat(s.members(OurSet.SMTP_PORTS)).extracting(m -> m.element().toString()).containsExactlyInAnyOrder("25", "465");
    assertThat(s.members(OurSet.policyAllow("ftp", true))).extracting(m -> m.element().toString()).containsExactly("2001:db8::/32");
    assertThat(IpsetSave.ours("spamtrace-cc-ftp-allow4")).isEqualTo(OurSet.policyAllow("ftp", false));
    assertThat(IpsetSave.ours("spamtrace-unknown")).isNull();
    assertThat(IpsetSave.ours("somebody-else")).isNull();
  }

  @Test
  void procNetTcpRowsInBothFamiliesThroughTheHostReader() throws IOException {
    // The SMTP policy's "who talks SMTP now" reads /proc with the host capability's parser.
    List<NetSocket> v4 = ProcNet.parse("tcp", sample("proc-net-tcp.txt")).sockets();
    assertThat(v4).hasSize(3);
    assertThat(v4).anySatisfy(r -> {
      assertThat(r.remoteAddress()).isEqualTo("198.51.100.25");
      assertThat(r.remotePort()).isEqualTo(25);
      assertThat(r.state()).isEqualTo(1);
      assertThat(r.inode()).isEqualTo(411831L);
      assertThat(r.outboundTcp()).isTrue();
    });
    List<NetSocket> v6 = ProcNet.parse("tcp6", sample("proc-net-tcp6.txt")).sockets();
    assertThat(v6).anySatisfy(r -> {
      assertThat(Cidr.of(dev.spamtrace.geoip.PublicAddress.parseLiteral(r.remoteAddress()))).hasToString("2001:db8::25");
      assertThat(r.remotePort()).isEqualTo(587);
      assertThat(r.state()).isEqualTo(1);
    });
  }

  @Test
  void neverBlockSources() throws IOException {
    assertThat(NeverBlock.ownAddresses(sample("ip-addr.json"))).contains("127.0.0.1", "::1", "2001:db8::5");
    String who = "root     pts/0        2026-06-18 10:00 (203.0.113.9)\n"
        + "admin    pts/1        2026-06-18 10:05 (2001:db8::44)\n"
        + "ops      pts/2        2026-06-18 10:06 (office.example.jp)\n"
        + "root     tty1         2026-06-18 09:00\n"
        + "me       pts/3        2026-06-18 10:07 (tmux(1234).%0)\n";
    assertThat(NeverBlock.whoAddresses(who)).containsExactly("203.0.113.9", "2001:db8::44");
    NeverBlock nb = new NeverBlock(List.of(new NeverBlock.Entry(Cidr.parse("203.0.113.9"), "this SSH session")), List.of());
    assertThat(nb.refusal(Cidr.parse("203.0.113.0/24"))).get().satisfies(t -> assertThat(t.en()).contains("this SSH session"));
    assertThat(nb.refusal(Cidr.parse("198.51.100.1"))).isEmpty();
  }
}
