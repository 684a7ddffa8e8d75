package dev.spamtrace.response.firewall;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.ActionContext;
import dev.spamtrace.response.CaseFolder;
import dev.spamtrace.response.SystemCommand;
import dev.spamtrace.testing.Daemon;
import dev.spamtrace.testing.RealComponent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair: the "server" (where spamtrace's rules go, through
 * firewall.netns) and the "client". Everything happens inside them: the host's own ruleset is
 * never touched, and no packet leaves the pair. Both namespaces, and every process started in
 * them, go on {@link #close()}, even when the test failed.
 */
public final class NetnsLab implements AutoCloseable {
  public final String server;
  public final String client;
  public final String serverAddr;
  public final String clientAddr;
  public final String serverAddr6;
  public final String clientAddr6;
  public final Path dir;
  private final List<Daemon> daemons = new ArrayList<>();
  private final Path probeClasses;
  private final String javaBin;

  /** Skips (developer machine) or fails (CI) unless we are root with ip, nft, iptables and ipset. */
  public static void require() {
    RealComponent.require(RealComponent.isRoot(), "root (network namespaces)");
    for (String tool : List.of("ip", "nft", "iptables", "ipset")) {
      RealComponent.require(RealComponent.executable(tool), tool + " (.ci/components/netfilter.sh)");
    }
  }

  public NetnsLab(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    int n = ThreadLocalRandom.current().nextInt(10, 250);
    String tag = Long.toString(ProcessHandle.current().pid() % 100000) + "x" + n;
    server = "st-fw-s" + tag;
    client = "st-fw-c" + tag;
    serverAddr = "10.231." + n + ".1";
    clientAddr = "10.231." + n + ".2";
    serverAddr6 = "fd00:231:" + Integer.toHexString(n) + "::1";
    clientAddr6 = "fd00:231:" + Integer.toHexString(n) + "::2";
    javaBin = ProcessHandle.current().info().command().orElse("java");
    probeClasses = Files.createTempDirectory("st-netprobe");
    Files.setPosixFilePermissions(probeClasses, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path pkg = Files.createDirectories(probeClasses.resolve("dev/spamtrace/response/firewall"));
    for (Path p : List.of(probeClasses.resolve("dev"), probeClasses.resolve("dev/spamtrace"), probeClasses.resolve("dev/spamtrace/response"), pkg)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try (var in = NetProbe.class.getResourceAsStream("NetProbe.class")) {
      Files.write(pkg.resolve("NetProbe.class"), in.readAllBytes());
    }
    Files.setPosixFilePermissions(pkg.resolve("NetProbe.class"), PosixFilePermissions.fromString("rw-r--r--"));
    try {
      sh("ip", "netns", "add", server);
      sh("ip", "netns", "add", client);
      sh("ip", "-n", server, "link", "add", "vs", "type", "veth", "peer", "name", "vc", "netns", client);
      sh("ip", "-n", server, "addr", "add", serverAddr + "/24", "dev", "vs");
      sh("ip", "-n", client, "addr", "add", clientAddr + "/24", "dev", "vc");
      sh("ip", "-n", server, "addr", "add", serverAddr6 + "/64", "dev", "vs", "nodad");
      sh("ip", "-n", client, "addr", "add", clientAddr6 + "/64", "dev", "vc", "nodad");
      for (String ns : List.of(server, client)) {
        sh("ip", "-n", ns, "link", "set", "lo", "up");
      }
      sh("ip", "-n", server, "link", "set", "vs", "up");
      sh("ip", "-n", client, "link", "set", "vc", "up");
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Gives the client one more address (a "foreign" source); the server routes it back over the pair. */
  public void addClientAddress(String addr) throws IOException, InterruptedException {
    sh("ip", "-n", client, "addr", "add", addr + "/32", "dev", "vc");
    sh("ip", "-n", server, "route", "add", addr + "/32", "dev", "vs");
  }

  /** Runs a command, failing with its output when it fails. */
  public static String sh(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + ": timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + ": exit " + p.exitValue() + ": " + out);
    }
    return out;
  }

  /** Runs in a namespace; returns the exit code. */
  public static int run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private List<String> probe(String ns, Integer uid, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    if (uid != null) {
      argv.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
    }
    argv.addAll(List.of(javaBin, "-Xshare:auto", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", probeClasses.toString(),
        NetProbe.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  /** A listener in the server namespace on {@code addr:port}, stopped on close. */
  public void listenOnServer(int port) throws IOException, InterruptedException {
    listen(server, serverAddr, port);
  }

  public void listen(String ns, String addr, int port) throws IOException, InterruptedException {
    Path log = dir.resolve("listen-" + ns + "-" + port + ".log");
    Daemon d = Daemon.start("listener " + ns + ":" + port, probe(ns, null, "listen", addr, Integer.toString(port)), log, null);
    daemons.add(d);
    d.awaitReady(Duration.ofSeconds(30), () -> {
      try {
        return Files.exists(log) && Files.readString(log).contains("listening");
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** Whether a connection from the client namespace (source {@code src}, or "-") to the server opens. */
  public boolean clientConnects(String src, int port) throws IOException, InterruptedException {
    return run(probe(client, null, "connect", src, serverAddr, Integer.toString(port), "1500")) == 0;
  }

  /** Whether a connection from the client to the server's IPv6 address opens. */
  public boolean clientConnects6(int port) throws IOException, InterruptedException {
    return run(probe(client, null, "connect", clientAddr6, serverAddr6, Integer.toString(port), "1500")) == 0;
  }

  /** Whether the server connects out to {@code dst:port} from source {@code src} ("-", ADDR or ADDR#PORT). */
  public boolean serverConnectsFrom(String src, String dst, int port) throws IOException, InterruptedException {
    return run(probe(server, null, "connect", src, dst, Integer.toString(port), "1500")) == 0;
  }

  /** Whether a process as {@code uid} in the server namespace can connect to {@code dst:port}. */
  public boolean serverConnectsAs(int uid, String dst, int port) throws IOException, InterruptedException {
    return run(probe(server, uid, "connect", "-", dst, Integer.toString(port), "1500")) == 0;
  }

  /** Starts a process as {@code uid} in the server namespace that holds a connection open. */
  public Daemon holdFromServerAs(int uid, String dst, int port) throws IOException, InterruptedException {
    Path log = dir.resolve("hold-" + uid + "-" + port + ".log");
    Daemon d = Daemon.start("hold " + uid, probe(server, uid, "hold", "-", dst, Integer.toString(port)), log, null);
    daemons.add(d);
    d.awaitReady(Duration.ofSeconds(30), () -> {
      try {
        return Files.exists(log) && Files.readString(log).contains("holding");
      } catch (IOException e) {
        return false;
      }
    });
    return d;
  }

  /** {@code nft list ruleset}, {@code ipset save} and {@code iptables -S} inside the server namespace. */
  public String firewallText() throws IOException, InterruptedException {
    return sh("ip", "netns", "exec", server, "nft", "list", "ruleset") + sh("ip", "netns", "exec", server, "ipset", "save")
        + sh("ip", "netns", "exec", server, "iptables", "-S") + sh("ip", "netns", "exec", server, "ip6tables", "-S");
  }

  /** Every line in the server namespace's firewall that is spamtrace's: none may stay after undo. */
  public List<String> leftovers() throws IOException, InterruptedException {
    return firewallText().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("spamtrace")).toList();
  }

  /** A fixture root: /etc/passwd with the given users, an empty proc directory. */
  public static HostRoot fixtureRoot(Path dir, Map<String, Integer> users) throws IOException {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("proc"));
    StringBuilder b = new StringBuilder("root:x:0:0:root:/root:/bin/bash\n");
    users.forEach((name, uid) -> b.append(name).append(":x:").append(uid).append(':').append(uid).append("::/nonexistent:/usr/sbin/nologin\n"));
    Files.writeString(root.resolve("etc/passwd"), b);
    return HostRoot.of(root);
  }

  /** Configuration that always points the firewall at the server namespace, never at the host. */
  public Config config(Map<String, Object> firewall, List<String> mtaUsers) {
    Map<String, Object> fw = new HashMap<>(firewall);
    fw.put("netns", server);
    if (server.isEmpty()) {
      throw new IllegalStateException("refusing a test configuration without a namespace");
    }
    return Config.defaults().with(Map.of("firewall", fw, "users", Map.of("mta", mtaUsers)));
  }

  public ActionContext context(HostRoot root, Config config, Clock clock) {
    return new ActionContext(root, config, CaseFolder.today(dir.resolve("cases"), clock), clock, new SystemCommand(Duration.ofSeconds(60)));
  }

  @Override
  public void close() {
    for (Daemon d : daemons) {
      d.close();
    }
    for (String ns : List.of(server, client)) {
      try {
        // processes we started in it are stopped above; delete the namespace itself
        run(List.of("ip", "netns", "del", ns));
      } catch (IOException | InterruptedException e) {
        // reported by the next test's listing; nothing else to do here
      }
    }
    try (var s = Files.walk(probeClasses)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp folder
    }
  }
}
