package dev.spamtrace.response.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Test
  void parsesLiteralsAndNetworksInCanonicalForm() {
    assertThat(Cidr.parse("203.0.113.7")).hasToString("203.0.113.7");
    assertThat(Cidr.parse("203.0.113.0/24")).hasToString("203.0.113.0/24");
    assertThat(Cidr.parse("2001:0db8:0000:0000:0000:0000:0000:0001")).hasToString("2001:db8::1");
    assertThat(Cidr.parse("[2001:db8::]/32").toString()).isEqualTo("2001:db8::/32");
    assertThat(Cidr.parse("::ffff:192.0.2.1")).hasToString("192.0.2.1");
    assertThat(Cidr.parse("fe80::1:0:0:5")).hasToString("fe80::1:0:0:5");
    assertThat(Cidr.parse("0.0.0.0/0").prefix()).isZero();
  }

  @Test
  void refusesAnythingThatIsNotAnAddress() {
    for (String bad : List.of("example.com", "203.0.113.7; nft flush ruleset", "203.0.113.7 }", "1.2.3.4/33", "1.2.3.4/", "/24", "",
        "999.1.1.1", "1.2.3.4/024x", "2001:db8::/129", "1.2.3.4\n5")) {
      assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Cidr.parse("203.0.113.7/24")).hasMessageContaining("did you mean 203.0.113.0/24");
  }

  @Test
  void subtractsCollapsesAndSplitsRanges() {
    Cidr net = Cidr.parse("203.0.113.0/24");
    List<Cidr> rest = net.minus(List.of(Cidr.parse("203.0.113.7")));
    assertThat(rest).extracting(Cidr::toString).containsExactly("203.0.113.0/30", "203.0.113.4/31", "203.0.113.6", "203.0.113.8/29",
        "203.0.113.16/28", "203.0.113.32/27", "203.0.113.64/26", "203.0.113.128/25");
    List<Cidr> back = new java.util.ArrayList<>(rest);
    back.add(Cidr.parse("203.0.113.7"));
    assertThat(Cidr.collapse(back)).containsExactly(net);
    assertThat(Cidr.collapse(List.of(Cidr.parse("10.0.0.0/25"), Cidr.parse("10.0.0.128/25"), Cidr.parse("10.0.0.5"))))
        .containsExactly(Cidr.parse("10.0.0.0/24"));
    assertThat(net.minus(List.of(Cidr.parse("203.0.0.0/16")))).isEmpty();
    assertThat(net.minus(List.of(Cidr.parse("2001:db8::/32")))).containsExactly(net);
    assertThat(Cidr.collapse(List.of(Cidr.parse("2001:db8::/33"), Cidr.parse("2001:db8:8000::/33")))).containsExactly(Cidr.parse("2001:db8::/32"));
  }

  @Test
  void overlapAndContainment() {
    assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.1.2.3"))).isTrue();
    assertThat(Cidr.parse("10.1.2.3").overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("11.0.0.0/8"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("10.255.255.255"))).isTrue();
  }

  @Test
  void portsAndElementsRoundTrip() {
    assertThat(PortRange.parse("49152-65535")).hasToString("49152-65535");
    assertThatThrownBy(() -> PortRange.parse("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortRange.parse("22,23")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PortRange.parse("90-80")).isInstanceOf(IllegalArgumentException.class);
    for (String e : List.of("203.0.113.0/24", "2001:db8::7", "21", "49152-65535", "203.0.113.7 . 21", "2001:db8::/48 . 30000-30010")) {
      assertThat(Element.parse(e)).hasToString(e);
    }
  }
}
