package dev.spamtrace.host.proc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code /proc/net/{tcp,tcp6,udp,udp6}} (Documentation/networking/proc_net_tcp.rst):
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode
 *   21: 0100007F:C55A 0100007F:09DD 01 00000000:00000000 00:00000000 00000000    33        0 339476 ...
 * </pre>
 * Addresses are the kernel's 32-bit words printed in host byte order (little-endian here), ports
 * are big-endian hex. Lines that do not parse are counted, never fatal.
 */
public final class ProcNet {
  private ProcNet() {}

  /** The sockets of one file, and how many lines were not understood. */
  public record Parsed(List<NetSocket> sockets, int badLines) {}

  public static Parsed parse(String protocol, String text) {
    List<NetSocket> out = new ArrayList<>();
    int bad = 0;
    int pos = 0;
    int len = text.length();
    boolean header = true;
    while (pos < len) {
      int nl = text.indexOf('\n', pos);
      if (nl < 0) {
        nl = len;
      }
      if (header) {
        header = false; // the column titles
      } else if (nl > pos) {
        NetSocket s = line(protocol, text, pos, nl);
        if (s == null) {
          if (!text.substring(pos, nl).isBlank()) {
            bad++;
          }
        } else {
          out.add(s);
        }
      }
      pos = nl + 1;
    }
    return new Parsed(out, bad);
  }

  private static NetSocket line(String protocol, String text, int from, int to) {
    String[] f = new String[10];
    int n = 0;
    int i = from;
    while (n < 10) {
      while (i < to && text.charAt(i) == ' ') {
        i++;
      }
      if (i >= to) {
        return null;
      }
      int start = i;
      while (i < to && text.charAt(i) != ' ') {
        i++;
      }
      f[n++] = text.substring(start, i);
    }
    if (!f[0].endsWith(":")) {
      return null;
    }
    String[] local = address(f[1]);
    String[] remote = address(f[2]);
    int state = hex(f[3]);
    Long uid = dev.spamtrace.host.Numbers.longOrNull(f[7]);
    Long inode = dev.spamtrace.host.Numbers.longOrNull(f[9]);
    if (local == null || remote == null || state < 0 || uid == null || inode == null) {
      return null;
    }
    return new NetSocket(protocol, local[0], Integer.parseInt(local[1]), remote[0], Integer.parseInt(remote[1]),
        state, (int) (long) uid, inode);
  }

  /** {@code 0100007F:09DD} → {@code [127.0.0.1, 2525]}; null when malformed. */
  static String[] address(String field) {
    int colon = field.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String hexAddr = field.substring(0, colon);
    int port = hex(field.substring(colon + 1));
    if (port < 0 || port > 65535) {
      return null;
    }
    byte[] bytes;
    if (hexAddr.length() == 8) {
      bytes = word(hexAddr, 0);
    } else if (hexAddr.length() == 32) {
      bytes = new byte[16];
      for (int w = 0; w < 4; w++) {
        byte[] b = word(hexAddr, w * 8);
        if (b == null) {
          return null;
        }
        System.arraycopy(b, 0, bytes, w * 4, 4);
      }
    } else {
      return null;
    }
    if (bytes == null) {
      return null;
    }
    String text;
    if (bytes.length == 4) {
      text = (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    } else {
      try {
        text = InetAddress.getByAddress(bytes).getHostAddress(); // ::ffff:a.b.c.d comes back as a.b.c.d
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return new String[] {text, Integer.toString(port)};
  }

  /** One 32-bit word printed little-endian: {@code 0100007F} → 127,0,0,1. */
  private static byte[] word(String s, int at) {
    byte[] b = new byte[4];
    for (int k = 0; k < 4; k++) {
      int hi = Character.digit(s.charAt(at + k * 2), 16);
      int lo = Character.digit(s.charAt(at + k * 2 + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      b[3 - k] = (byte) (hi * 16 + lo);
    }
    return b;
  }

  private static int hex(String s) {
    if (s.isEmpty() || s.length() > 7) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
