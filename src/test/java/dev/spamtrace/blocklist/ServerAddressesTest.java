package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's addresses from its own files: each parser on real-format text, then discovery over a fixture root. */
class ServerAddressesTest {
  @TempDir Path root;

  static String sample(String name) throws Exception {
    return Files.readString(Path.of("src/test/resources/samples/blocklist/" + name));
  }

  @Test
  void fibTrieCapturedOnThisMachineGivesTheLocalHostAddresses() throws Exception {
    // Captured from /proc/net/fib_trie of the build machine: 127.0.0.1 and 192.0.2.2 are /32 host LOCAL.
    assertThat(ServerAddresses.parseFibTrie(sample("fib_trie"))).containsExactly("127.0.0.1", "192.0.2.2");
  }

  @Test
  void ifInet6CapturedOnThisMachineKeepsGlobalScopeOnly() throws Exception {
    // lo (::1, scope 10) and the link-local fe80:: (scope 20) are dropped; fd00::2 has scope 00.
    assertThat(ServerAddresses.parseIfInet6(sample("if_inet6"))).containsExactly("fd00:0000:0000:0000:0000:0000:0000:0002");
  }

  @Test
  void rhelAndVirtuozzoIfcfg() {
    String venet = "DEVICE=venet0:0\nONBOOT=yes\nIPADDR=203.0.113.10\nNETMASK=255.255.255.255\n";
    String eth = "DEVICE=eth0\nBOOTPROTO=none\nIPADDR0=\"198.51.100.20\"\nPREFIX0=24\nIPADDR1=198.51.100.21\nIPV6ADDR=2001:db8::20/64\n"
        + "IPV6ADDR_SECONDARIES=\"2001:db8::21/64 2001:db8::22/64\"\n# IPADDR2=198.51.100.99\n";
    assertThat(ServerAddresses.parseIfcfg(venet)).containsExactly("203.0.113.10");
    assertThat(ServerAddresses.parseIfcfg(eth)).containsExactly("198.51.100.20", "198.51.100.21", "2001:db8::20", "2001:db8::21", "2001:db8::22");
  }

  @Test
  void debianInterfaces() {
    String t = "auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n    address 198.51.100.30/24\n    gateway 198.51.100.1\n"
        + "iface eth0 inet6 static\n    address 2001:db8::30\n    netmask 64\n#   address 198.51.100.99\n";
    assertThat(ServerAddresses.parseDebianInterfaces(t)).containsExactly("198.51.100.30", "2001:db8::30");
  }

  @Test
  void netplanInlineAndBlockLists() {
    String t = "network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [198.51.100.40/24, \"2001:db8::40/64\"]\n"
        + "    eth1:\n      addresses:\n        - 198.51.100.41/24\n        - \"2001:db8::41/64\"\n      routes:\n        - to: default\n          via: 198.51.100.1\n";
    assertThat(ServerAddresses.parseNetplan(t)).containsExactly("198.51.100.40", "2001:db8::40", "198.51.100.41", "2001:db8::41");
  }

  @Test
  void cpanelIpsAndPleskNginxListen() {
    assertThat(ServerAddresses.parseCpanelIps("198.51.100.50:255.255.255.0:198.51.100.255\n198.51.100.51:255.255.255.0:198.51.100.255\n"))
        .containsExactly("198.51.100.50", "198.51.100.51");
    String nginx = "server {\n\tlisten 203.0.113.60:443 ssl http2;\n\tlisten [2001:db8::60]:443 ssl http2;\n\tlisten 80;\n\tserver_name shop.example;\n}\n";
    assertThat(ServerAddresses.parseNginxListen(nginx)).containsExactly("203.0.113.60", "2001:db8::60");
  }

  @Test
  void discoveryKeepsPublicAddressesWithTheirSourceAndSetsAsideTheRest() throws Exception {
    Files.createDirectories(root.resolve("etc/sysconfig/network-scripts"));
    Files.writeString(root.resolve("etc/sysconfig/network-scripts/ifcfg-venet0:0"), "IPADDR=8.8.4.4\n");
    Files.writeString(root.resolve("etc/sysconfig/network-scripts/ifcfg-eth1"), "IPADDR=10.0.0.5\n");
    Files.createDirectories(root.resolve("var/www/vhosts/system/shop.example/conf"));
    Files.writeString(root.resolve("var/www/vhosts/system/shop.example/conf/nginx.conf"), "listen 8.8.4.4:80;\nlisten 1.1.1.1:443 ssl;\n");
    ServerAddresses.Discovered d = ServerAddresses.discover(HostRoot.of(root));
    assertThat(d.addresses()).extracting(ServerAddresses.Found::address).containsExactly("8.8.4.4", "1.1.1.1");
    assertThat(d.addresses().get(0).source()).isEqualTo("/etc/sysconfig/network-scripts/ifcfg-venet0:0");
    assertThat(d.notPublic()).extracting(ServerAddresses.Found::address).containsExactly("10.0.0.5");
  }

  @Test
  void aFifoOrASymlinkOutOfTheRootIsNotFollowed() throws Exception {
    Files.createDirectories(root.resolve("etc/network"));
    Path outside = Files.createTempFile("outside", ".txt");
    Files.writeString(outside, "address 9.9.9.9\n");
    Files.createSymbolicLink(root.resolve("etc/network/interfaces"), outside);
    ServerAddresses.Discovered d = ServerAddresses.discover(HostRoot.of(root));
    assertThat(d.addresses()).isEmpty();
  }
}
