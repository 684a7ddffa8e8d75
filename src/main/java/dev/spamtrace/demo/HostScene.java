package dev.spamtrace.demo;

import static dev.spamtrace.demo.DemoStory.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The host as the staff found it (field guide rows 7, 11, 12): under the demo root's {@code /proc},
 * a captured-{@code /proc}-style tree where perl run by {@code apache} calls itself {@code bash} and
 * {@code httpd}, works in {@code /tmp} and holds SMTP connections to foreign port 25 and DNS
 * sockets; the apache crontab in the RHEL spool layout that relaunches it every 10 minutes from
 * {@code /tmp/.x/run.sh}; and the payload under {@code /tmp/.x}. Beside them, the legitimate
 * processes it must be told apart from: the web server, its PHP workers, Postfix delivering mail.
 */
final class HostScene implements DemoScene {
  /** USER_HZ: stat's start times are in 1/100 s after boot. */
  private static final long HZ = 100;

  private long tcpLine;
  private long udpLine;
  private final StringBuilder tcp = new StringBuilder(
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
  private final StringBuilder udp = new StringBuilder(
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n");

  @Override
  public void build(DemoServer s) throws IOException {
    Instant now = s.now();
    Instant boot = now.minus(Duration.ofDays(41));
    s.write("/proc/stat", "cpu  4705 150 1120 16250 520 0 12 0 0 0\nbtime " + boot.getEpochSecond() + "\nprocesses 98231\n", now);
    s.write("/proc/net/tcp6", "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n", now);
    s.write("/proc/net/udp6", "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n", now);

    long ago41d = 500;
    process(s, boot, 1, 0, "systemd", 0, ago41d, List.of("/usr/lib/systemd/systemd", "--system"), "/usr/lib/systemd/systemd", "/");
    kernelThread(s, boot, 2, "kthreadd");
    kernelThread(s, boot, 41, "kworker/0:1-events");
    process(s, boot, 900, 1, "httpd", 0, 2000, List.of("/usr/sbin/httpd", "-DFOREGROUND"), "/usr/sbin/httpd", "/");
    process(s, boot, 911, 900, "httpd", WEB_UID, 2100, List.of("/usr/sbin/httpd", "-DFOREGROUND"), "/usr/sbin/httpd", "/");
    process(s, boot, 950, 1, "php-fpm", 0, 2200, List.of("php-fpm: master process (/opt/plesk/php/8.2/etc/php-fpm.conf)"),
        "/opt/plesk/php/8.2/sbin/php-fpm", "/");
    process(s, boot, 951, 950, "php-fpm", SHOP_UID, 2300, List.of("php-fpm: pool " + SHOP_DOMAIN), "/opt/plesk/php/8.2/sbin/php-fpm", "/",
        socket(true, "127.0.0.1", 47210, "127.0.0.1", 25, SHOP_UID, 61001));
    process(s, boot, 1200, 1, "master", 0, 2400, List.of("/usr/libexec/postfix/master", "-w"), "/usr/libexec/postfix/master", "/var/spool/postfix");
    process(s, boot, 1290, 1200, "smtp", 89, ticks(boot, now.minusSeconds(40)), List.of("smtp", "-t", "unix", "-u"), "/usr/libexec/postfix/smtp",
        "/var/spool/postfix", socket(true, SERVER_ADDRESS, 50110, "198.51.100.25", 25, 89, 61002));

    // The spammers: perl run by apache under other programs' names, started from /tmp/.x/run.sh.
    Instant firstStart = spamStart(now);
    process(s, boot, 21473, 1, "bash", WEB_UID, ticks(boot, firstStart), List.of("bash"), "/usr/bin/perl", "/tmp",
        socket(true, SERVER_ADDRESS, 50522, "203.0.113.77", 25, WEB_UID, 71001),
        socket(true, SERVER_ADDRESS, 50540, "198.51.100.140", 25, WEB_UID, 71002),
        socket(false, SERVER_ADDRESS, 56602, "192.0.2.53", 53, WEB_UID, 71003),
        socket(false, SERVER_ADDRESS, 56603, "192.0.2.53", 53, WEB_UID, 71004),
        socket(false, SERVER_ADDRESS, 56604, "192.0.2.53", 53, WEB_UID, 71005),
        socket(false, SERVER_ADDRESS, 56605, "192.0.2.53", 53, WEB_UID, 71006));
    // Its twin, relaunched by cron a few minutes ago (the start time that kept changing).
    Instant lastRelaunch = now.minus(Duration.ofMinutes(4));
    process(s, boot, 27318, 1, "httpd", WEB_UID, ticks(boot, lastRelaunch), List.of("httpd"), "/usr/bin/perl", "/tmp",
        socket(true, SERVER_ADDRESS, 51877, "203.0.113.91", 25, WEB_UID, 72001),
        socket(false, SERVER_ADDRESS, 57001, "192.0.2.53", 53, WEB_UID, 72002),
        socket(false, SERVER_ADDRESS, 57002, "192.0.2.53", 53, WEB_UID, 72003),
        socket(false, SERVER_ADDRESS, 57003, "192.0.2.53", 53, WEB_UID, 72004));
    s.write("/proc/net/tcp", tcp.toString(), now);
    s.write("/proc/net/udp", udp.toString(), now);

    // The apache crontab in the RHEL spool layout, and the payload it starts.
    Instant planted = uploadTime(now).plus(Duration.ofMinutes(20));
    s.write("/var/spool/cron/apache", "*/10 * * * * /tmp/.x/run.sh\n", planted);
    s.own("/var/spool/cron/apache", WEB_UID, WEB_UID);
    s.mode("/var/spool/cron/apache", "rw-------");
    s.write("/tmp/.x/run.sh", "#!/bin/sh\ncd /tmp\npgrep -x bash >/dev/null || perl /tmp/.x/bash >/dev/null 2>&1 &\n"
        + "pgrep -x httpd -u apache -f '^httpd$' >/dev/null || perl /tmp/.x/bash httpd >/dev/null 2>&1 &\n", planted);
    s.write("/tmp/.x/bash", "#!/usr/bin/perl\nuse IO::Socket::INET;\n$0 = $ARGV[0] || 'bash';\nfor my $mx (@mx) {\n"
        + "  my $s = IO::Socket::INET->new(PeerAddr => $mx, PeerPort => 25) or next;\n"
        + "  print $s \"MAIL FROM:<info\\@" + SHOP_DOMAIN + ">\\r\\n\";\n}\n", planted);
    s.mode("/tmp/.x/run.sh", "rwxr-xr-x");
    for (String p : new String[] {"/tmp/.x", "/tmp/.x/run.sh", "/tmp/.x/bash"}) {
      s.own(p, WEB_UID, WEB_UID);
    }
  }

  private static long ticks(Instant boot, Instant at) {
    return Duration.between(boot, at).toMillis() * HZ / 1000;
  }

  /** A socket: its line in /proc/net/tcp or udp; the fd link is made by {@link #process}. */
  private long socket(boolean isTcp, String local, int lport, String remote, int rport, int uid, long inode) {
    String line = String.format("%4d: %s:%04X %s:%04X %02X 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000 20 4 30 10 -1%n",
        isTcp ? tcpLine++ : udpLine++, hex(local), lport, hex(remote), rport, 1, uid, inode);
    (isTcp ? tcp : udp).append(line);
    return inode;
  }

  private static String hex(String dotted) {
    String[] p = dotted.split("\\.");
    return String.format("%02X%02X%02X%02X", Integer.parseInt(p[3]), Integer.parseInt(p[2]), Integer.parseInt(p[1]), Integer.parseInt(p[0]));
  }

  private static void kernelThread(DemoServer s, Instant boot, int pid, String name) throws IOException {
    s.write("/proc/" + pid + "/stat", pid + " (" + name + ") S 2 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0 18446744073709551615 0 0 0 0 0 0 0 "
        + "2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n", s.now());
    s.write("/proc/" + pid + "/status", "Name:\t" + name + "\nState:\tS (sleeping)\nPPid:\t2\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nThreads:\t1\n", s.now());
    s.write("/proc/" + pid + "/cmdline", "", s.now());
  }

  private static void process(DemoServer s, Instant boot, int pid, int ppid, String comm, int uid, long startTicks, List<String> argv,
      String exe, String cwd, long... socketInodes) throws IOException {
    String d = "/proc/" + pid;
    s.write(d + "/stat", pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 " + startTicks
        + " 3133440 378 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n", s.now());
    s.write(d + "/status", "Name:\t" + comm + "\nState:\tS (sleeping)\nTgid:\t" + pid + "\nPid:\t" + pid + "\nPPid:\t" + ppid
        + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nGid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nThreads:\t1\n", s.now());
    s.write(d + "/comm", comm + "\n", s.now());
    StringBuilder cmd = new StringBuilder();
    argv.forEach(a -> cmd.append(a).append('\0'));
    s.write(d + "/cmdline", cmd.toString().getBytes(StandardCharsets.UTF_8), s.now());
    Path dir = s.path(d);
    Files.createSymbolicLink(dir.resolve("exe"), Path.of(exe));
    Files.createSymbolicLink(dir.resolve("cwd"), Path.of(cwd));
    Path fd = Files.createDirectories(dir.resolve("fd"));
    Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
    int n = 3;
    for (long inode : socketInodes) {
      Files.createSymbolicLink(fd.resolve(Integer.toString(n++)), Path.of("socket:[" + inode + "]"));
    }
  }
}
