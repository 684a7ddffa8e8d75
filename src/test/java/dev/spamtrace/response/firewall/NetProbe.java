package dev.spamtrace.response.firewall;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A tiny TCP listener and client, run as its own JVM inside a test's network namespace
 * ({@code ip netns exec NS java … NetProbe}), as any user ({@code setpriv}). JDK classes only,
 * so one class file is all it needs.
 *
 * <pre>
 * listen ADDR PORT                 accept, write "ok\n", keep the connection until the client closes; forever
 * connect SRC DST PORT TIMEOUT_MS  exit 0 when the connection opens and "ok" is read, 1 otherwise
 * hold SRC DST PORT                connect and keep the connection open until killed
 * </pre>
 */
public final class NetProbe {
  private NetProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "listen" -> listen(args[1], Integer.parseInt(args[2]));
      case "connect" -> System.exit(connect(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4])) ? 0 : 1);
      case "hold" -> hold(args[1], args[2], Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void listen(String addr, int port) throws Exception {
    try (ServerSocket ss = new ServerSocket()) {
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getByName(addr), port), 50);
      System.out.println("listening " + addr + ":" + port);
      System.out.flush();
      while (true) {
        Socket s = ss.accept();
        System.out.println("accepted " + s.getRemoteSocketAddress());
        System.out.flush();
        // Greet, then keep the connection until the client closes it, like an SMTP server would.
        Thread t = new Thread(() -> {
          try (s) {
            OutputStream o = s.getOutputStream();
            o.write("ok\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            s.getInputStream().readAllBytes();
          } catch (Exception e) {
            System.out.println("connection: " + e);
          }
        });
        t.setDaemon(true);
        t.start();
      }
    }
  }

  private static boolean connect(String src, String dst, int port, int timeoutMs) {
    try (Socket s = new Socket()) {
      if (!src.equals("-")) {
        // SRC or SRC#PORT: a fixed source port shows how replies to the server's own connections fare
        String[] sp = src.split("#");
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(sp[0]), sp.length > 1 ? Integer.parseInt(sp[1]) : 0));
      }
      s.connect(new InetSocketAddress(InetAddress.getByName(dst), port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      byte[] b = s.getInputStream().readNBytes(3);
      boolean ok = new String(b, StandardCharsets.US_ASCII).equals("ok\n");
      System.out.println(ok ? "connected" : "no greeting");
      return ok;
    } catch (Exception e) {
      System.out.println("failed: " + e);
      return false;
    }
  }

  private static void hold(String src, String dst, int port) throws Exception {
    try (Socket s = new Socket()) {
      if (!src.equals("-")) {
        s.bind(new InetSocketAddress(InetAddress.getByName(src), 0));
      }
      s.connect(new InetSocketAddress(InetAddress.getByName(dst), port), 5000);
      System.out.println("holding");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
