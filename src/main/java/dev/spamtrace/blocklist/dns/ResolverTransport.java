package dev.spamtrace.blocklist.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Queries one recursive resolver over UDP (TCP when a response is truncated), with dnsjava's
 * asynchronous {@link SimpleResolver}. One resolver object per timeout, made here and never shared
 * with anything else; no cache at all, because a delisting is only believed from a fresh answer.
 */
public final class ResolverTransport implements DnsTransport {
  private final InetSocketAddress server;
  private final ConcurrentMap<Duration, SimpleResolver> byTimeout = new ConcurrentHashMap<>();

  public ResolverTransport(InetSocketAddress server) {
    this.server = server;
  }

  @Override
  public CompletableFuture<Message> send(Message query, Duration timeout) {
    SimpleResolver r = byTimeout.computeIfAbsent(timeout, t -> {
      SimpleResolver s = new SimpleResolver(server);
      s.setTimeout(t);
      return s;
    });
    return r.sendAsync(query).toCompletableFuture();
  }

  @Override
  public String describe() {
    return ResolverAddress.format(server);
  }
}
