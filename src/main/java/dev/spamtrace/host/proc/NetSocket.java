package dev.spamtrace.host.proc;

/**
 * One line of {@code /proc/net/tcp}, {@code tcp6}, {@code udp} or {@code udp6}.
 *
 * @param protocol tcp, tcp6, udp or udp6
 * @param localAddress decoded (the kernel writes addresses as little-endian hex words)
 * @param localPort decoded from hex
 * @param remoteAddress {@code 0.0.0.0} / {@code ::} when not connected
 * @param remotePort 0 when not connected
 * @param state the kernel's state number (include/net/tcp_states.h): 1 ESTABLISHED, 2 SYN_SENT,
 *     10 LISTEN; a UDP socket is 1 when connected and 7 when not
 * @param uid the owner's uid
 * @param inode the socket inode, which {@code /proc/PID/fd/N -> socket:[inode]} names
 */
public record NetSocket(
    String protocol, String localAddress, int localPort, String remoteAddress, int remotePort, int state, int uid, long inode) {

  public static final int ESTABLISHED = 1;
  public static final int SYN_SENT = 2;
  public static final int LISTEN = 10;

  public boolean tcp() {
    return protocol.startsWith("tcp");
  }

  public boolean udp() {
    return protocol.startsWith("udp");
  }

  /** A TCP connection this side opened or holds to a remote port (not a listener). */
  public boolean outboundTcp() {
    return tcp() && (state == ESTABLISHED || state == SYN_SENT) && remotePort != 0;
  }

  public String stateName() {
    return switch (state) {
      case 1 -> tcp() ? "ESTABLISHED" : "CONNECTED";
      case 2 -> "SYN_SENT";
      case 3 -> "SYN_RECV";
      case 4 -> "FIN_WAIT1";
      case 5 -> "FIN_WAIT2";
      case 6 -> "TIME_WAIT";
      case 7 -> tcp() ? "CLOSE" : "UNCONNECTED";
      case 8 -> "CLOSE_WAIT";
      case 9 -> "LAST_ACK";
      case 10 -> "LISTEN";
      case 11 -> "CLOSING";
      case 12 -> "NEW_SYN_RECV";
      default -> Integer.toString(state);
    };
  }

  /** {@code 127.0.0.1:50522 -> 127.0.0.1:2525 ESTABLISHED}, IPv6 addresses in brackets. */
  public String describe() {
    return hostPort(localAddress, localPort) + " -> " + hostPort(remoteAddress, remotePort) + " " + stateName();
  }

  public String remote() {
    return hostPort(remoteAddress, remotePort);
  }

  private static String hostPort(String a, int p) {
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + p;
  }
}
