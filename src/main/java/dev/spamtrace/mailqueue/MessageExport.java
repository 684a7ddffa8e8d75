package dev.spamtrace.mailqueue;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.mailqueue.exim.EximHeaderFile;
import dev.spamtrace.mailqueue.postfix.PostfixQueueFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A queued message as it would be delivered (RFC 5322 text, LF line ends), read from the queue's
 * files: Postfix's content records, Exim's -H headers followed by the -D body, qmail's mess file.
 * The caller decides where it goes (the case folder's {@code mail/ID.eml}); this only reads.
 */
public final class MessageExport {
  /** Messages larger than this are not archived whole (the attachment bombs of spam runs are not). */
  public static final long MAX_BYTES = 64L << 20;

  private MessageExport() {}

  /** Writes the message; throws when its files are gone or broken. */
  public static long write(HostRoot root, QueuedMessage m, OutputStream out) throws IOException {
    String first = m.files().get(0);
    Path local = root.resolveNoFollow(first);
    switch (m.mta()) {
      case POSTFIX -> {
        try (ByteSource src = ByteSource.open(local)) {
          long n = PostfixQueueFile.writeContent(src, out, MAX_BYTES);
          if (n < 0) {
            throw new IOException(first + ": broken queue file; content not complete");
          }
          return n;
        }
      }
      case EXIM -> {
        byte[] h = content(root, local, first);
        EximHeaderFile.Parsed p = EximHeaderFile.parse(h);
        if (!p.problems().isEmpty()) {
          throw new IOException(first + ": " + p.problems().get(0));
        }
        long n = 0;
        for (String line : p.headerLines()) {
          byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
          out.write(b);
          n += b.length;
        }
        out.write('\n');
        n++;
        byte[] d = content(root, local.resolveSibling(m.id() + "-D"), first.replaceFirst("-H$", "-D"));
        int nl = 0;
        while (nl < d.length && d[nl] != '\n') {
          nl++;
        }
        out.write(d, Math.min(d.length, nl + 1), Math.max(0, d.length - nl - 1));
        return n + Math.max(0, d.length - nl - 1);
      }
      case QMAIL -> {
        byte[] b = content(root, local, first);
        out.write(b);
        return b.length;
      }
      default -> throw new IllegalStateException();
    }
  }

  private static byte[] content(HostRoot root, Path local, String serverPath) throws IOException {
    FileRead r = root.read(local, MAX_BYTES);
    if (r instanceof FileRead.Content c) {
      if (c.truncated()) {
        throw new IOException(serverPath + ": larger than " + MAX_BYTES + " bytes");
      }
      return c.bytes();
    }
    throw new IOException(serverPath + ": " + r);
  }
}
