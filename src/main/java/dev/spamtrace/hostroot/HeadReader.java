package dev.spamtrace.hostroot;

/**
 * What reads the start of a file ({@link OpenFolder#withHead}): it is handed the thread's
 * buffer, valid only during the call, so parsers that keep a few fields copy nothing else. It
 * reads no other file meanwhile (that would fill the same buffer).
 */
@FunctionalInterface
public interface HeadReader<T> {
  T read(byte[] bytes, int length);
}
