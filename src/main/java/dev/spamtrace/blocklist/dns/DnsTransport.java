package dev.spamtrace.blocklist.dns;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Message;

/**
 * Sends one DNS query and completes with the response, or exceptionally (timeout, network). Given
 * to the checker, never looked up from a global: no shared default resolver or cache (A11).
 */
public interface DnsTransport extends AutoCloseable {
  CompletableFuture<Message> send(Message query, Duration timeout);

  /** How reports name the resolver, e.g. {@code 127.0.0.1:53}. */
  String describe();

  /** Releases sockets and threads; queries still waiting fail. */
  @Override
  default void close() {}
}
