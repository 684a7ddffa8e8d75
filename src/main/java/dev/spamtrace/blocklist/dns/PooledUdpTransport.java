package dev.spamtrace.blocklist.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/**
 * Queries one resolver over a few long-lived UDP sockets instead of a new socket per query (what
 * dnsjava's {@link SimpleResolver} does, and what holds it to a few thousand queries a second).
 * dnsjava still encodes and decodes every message. Each socket is connected to the resolver, so
 * only its answers are read; each query gets a random id, and an answer must carry the same id and
 * question or it is dropped. A truncated answer is asked again over TCP through dnsjava.
 *
 * <p>The trade-off: source ports are fixed for the life of a run, so an off-path forger has fewer
 * ports to guess than with one random port per query. Meant for a resolver you run (loopback or
 * your own network), which the big lists require anyway.
 */
public final class PooledUdpTransport implements DnsTransport, AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InetSocketAddress server;
  private final DatagramChannel[] channels;
  private final Selector selector;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final Thread reader;
  private final Map<Duration, SimpleResolver> tcp = new ConcurrentHashMap<>();
  private volatile boolean open = true;

  private record Pending(CompletableFuture<Message> result, Message query, long deadline, Duration timeout) {}

  public PooledUdpTransport(InetSocketAddress server, int sockets) throws IOException {
    this.server = server;
    this.selector = Selector.open();
    this.channels = new DatagramChannel[sockets];
    for (int i = 0; i < sockets; i++) {
      DatagramChannel ch = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
          ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET);
      ch.configureBlocking(false);
      ch.connect(server);
      ch.register(selector, SelectionKey.OP_READ, i);
      channels[i] = ch;
    }
    reader = new Thread(this::read, "blocklist-udp");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public CompletableFuture<Message> send(Message query, Duration timeout) {
    CompletableFuture<Message> f = new CompletableFuture<>();
    if (!open) {
      f.completeExceptionally(new IOException("transport closed"));
      return f;
    }
    int ch = Math.floorMod(next.getAndIncrement(), channels.length);
    long key;
    int id;
    Pending p = new Pending(f, query, System.nanoTime() + timeout.toNanos(), timeout);
    do {
      id = RANDOM.nextInt(0x10000);
      key = ((long) ch << 16) | id;
    } while (pending.putIfAbsent(key, p) != null);
    query.getHeader().setID(id);
    try {
      int n = channels[ch].write(ByteBuffer.wrap(query.toWire()));
      if (n == 0) {
        pending.remove(key);
        f.completeExceptionally(new IOException("socket buffer full"));
      }
    } catch (IOException e) {
      pending.remove(key);
      f.completeExceptionally(e);
    }
    return f;
  }

  private void read() {
    ByteBuffer buf = ByteBuffer.allocate(65535);
    long lastSweep = System.nanoTime();
    while (open) {
      try {
        selector.select(20);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          int ch = (Integer) k.attachment();
          DatagramChannel c = (DatagramChannel) k.channel();
          while (true) {
            buf.clear();
            int n;
            try {
              n = c.read(buf);
            } catch (IOException e) {
              break; // ICMP port unreachable and the like: the queries time out and say so
            }
            if (n <= 0) {
              break;
            }
            answer(ch, java.util.Arrays.copyOf(buf.array(), n));
          }
        }
        long now = System.nanoTime();
        if (now - lastSweep > 20_000_000L) {
          lastSweep = now;
          for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            if (now - e.getValue().deadline() > 0 && pending.remove(e.getKey(), e.getValue())) {
              e.getValue().result().completeExceptionally(new SocketTimeoutException("timed out after " + e.getValue().timeout().toMillis() + " ms"));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!open) {
          return;
        }
      }
    }
  }

  private void answer(int ch, byte[] wire) {
    Message m;
    try {
      m = new Message(wire);
    } catch (IOException e) {
      return; // not DNS: dropped, the query times out
    }
    long key = ((long) ch << 16) | m.getHeader().getID();
    Pending p = pending.get(key);
    if (p == null || !sameQuestion(p.query(), m) || !pending.remove(key, p)) {
      return;
    }
    if (m.getHeader().getFlag(Flags.TC)) {
      tcp.computeIfAbsent(p.timeout(), t -> {
        SimpleResolver r = new SimpleResolver(server);
        r.setTCP(true);
        r.setTimeout(t);
        return r;
      }).sendAsync(p.query()).whenComplete((mm, err) -> {
        if (err != null) {
          p.result().completeExceptionally(err);
        } else {
          p.result().complete(mm);
        }
      });
      return;
    }
    p.result().complete(m);
  }

  private static boolean sameQuestion(Message q, Message a) {
    Record qq = q.getQuestion();
    Record aq = a.getQuestion();
    return qq != null && aq != null && qq.getName().equals(aq.getName()) && qq.getType() == aq.getType() && qq.getDClass() == aq.getDClass();
  }

  @Override
  public String describe() {
    return ResolverAddress.format(server);
  }

  @Override
  public void close() {
    open = false;
    try {
      selector.wakeup();
      reader.join(1000);
      selector.close();
      for (DatagramChannel c : channels) {
        c.close();
      }
    } catch (IOException | InterruptedException e) {
      // closing anyway
    }
    for (Pending p : pending.values()) {
      p.result().completeExceptionally(new IOException("transport closed"));
    }
  }
}
