package dev.spamtrace.blocklist;

import dev.spamtrace.blocklist.bench.DnsmasqConfig;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq on a free loopback port serving test zones (never a real list), plus a UDP socket
 * that reads and never answers, for zones that must time out. Output to a file, stopped by pid.
 */
final class LoopbackDns implements AutoCloseable {
  static final String DNSMASQ = "/usr/sbin/dnsmasq";

  final int port;
  final Daemon daemon;
  final DatagramSocket blackhole;

  private LoopbackDns(int port, Daemon daemon, DatagramSocket blackhole) {
    this.port = port;
    this.daemon = daemon;
    this.blackhole = blackhole;
  }

  /** Starts dnsmasq with the zones {@code zones} adds; {@code readyName} must answer before it returns. */
  static LoopbackDns start(Path dir, String readyName, Consumer<ZonesBuilder> zones) throws Exception {
    RealComponent.require(RealComponent.executable(DNSMASQ), "dnsmasq (Debian package dnsmasq-base)");
    DatagramSocket hole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    int port = Daemon.freePort();
    Path log = dir.resolve("dnsmasq.log");
    DnsmasqConfig conf = new DnsmasqConfig(port, log.toString()).logQueries();
    zones.accept(new ZonesBuilder(conf, hole.getLocalPort()));
    Path confFile = dir.resolve("dnsmasq.conf");
    Files.writeString(confFile, conf.text());
    Daemon d = Daemon.start("dnsmasq", List.of(DNSMASQ, "--keep-in-foreground", "--conf-file=" + confFile, "--pid-file="),
        dir.resolve("dnsmasq.out"), null);
    LoopbackDns dns = new LoopbackDns(port, d, hole);
    try {
      d.awaitReady(Duration.ofSeconds(10), () -> dns.answers(readyName));
    } catch (RuntimeException | IOException | InterruptedException e) {
      hole.close();
      throw e;
    }
    return dns;
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  String resolver() {
    return "127.0.0.1:" + port;
  }

  boolean answers(String name) {
    try {
      SimpleResolver r = new SimpleResolver(address());
      r.setTimeout(Duration.ofMillis(300));
      Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
      return m.getRcode() == 0 && m.getSection(1).size() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    daemon.close();
    blackhole.close();
  }

  /** What a test adds to the configuration; {@code timeoutPort} never answers. */
  record ZonesBuilder(DnsmasqConfig conf, int timeoutPort) {}
}
