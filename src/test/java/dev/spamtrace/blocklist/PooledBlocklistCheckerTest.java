package dev.spamtrace.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.blocklist.dns.DnsTransport;
import dev.spamtrace.blocklist.dns.PooledUdpTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Every checker test again through the pooled UDP sockets, plus its own defences against forged answers. */
class PooledBlocklistCheckerTest extends BlocklistCheckerTest {
  @Override
  DnsTransport transport() throws Exception {
    return new PooledUdpTransport(dns.address(), 4);
  }

  /** A "resolver" on loopback that answers every query with a forged listing: wrong id, then wrong question. */
  @Test
  void answersWithAnotherIdOrQuestionAreDropped() throws Exception {
    try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[512];
        try {
          for (int i = 0; i < 2; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            forger.receive(p);
            Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            Message a = new Message(i == 0 ? (q.getHeader().getID() + 1) & 0xffff : q.getHeader().getID());
            Name name = i == 0 ? q.getQuestion().getName() : Name.fromString("2.0.0.127.other.test.");
            a.addRecord(Record.newRecord(name, Type.A, DClass.IN), Section.QUESTION);
            a.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("127.0.0.2")), Section.ANSWER);
            byte[] w = a.toWire();
            forger.send(new DatagramPacket(w, w.length, p.getSocketAddress()));
          }
        } catch (Exception e) {
          // the test below fails on its own if the forger does not run
        }
      });
      t.setDaemon(true);
      t.start();
      try (PooledUdpTransport tr = new PooledUdpTransport(new InetSocketAddress(InetAddress.getLoopbackAddress(), forger.getLocalPort()), 1)) {
        for (int i = 0; i < 2; i++) {
          Message q = Message.newQuery(Record.newRecord(Name.fromString("99.2.0.192.zen.test."), Type.A, DClass.IN));
          var f = tr.send(q, Duration.ofMillis(400));
          ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
          assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
        }
      }
    }
  }
}
