package dev.spamtrace.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A RHEL/Plesk-style server mid-outbreak as a fixture root: the disguised perl of the field guide
 * (apache, named bash, exe perl, cwd /tmp/.x, SMTP to foreign port 25, many UDP sockets), the
 * apache crontab that relaunches it, the payload under /tmp/.x, and the legitimate processes it
 * must be told apart from.
 */
public final class HostFixture {
  public static final int APACHE = 48;
  public static final int SHOP = 10001;

  private HostFixture() {}

  public static Path build(Path root) throws IOException {
    write(root, "/etc/passwd", String.join("\n", "root:x:0:0:root:/root:/bin/bash", "apache:x:48:48::/usr/share/httpd:/sbin/nologin",
        "postfix:x:89:89::/var/spool/postfix:/sbin/nologin", "shopuser:x:10001:1004::/var/www/vhosts/shop.example:/bin/false", ""));
    write(root, "/etc/group", "root:x:0:\napache:x:48:\npostfix:x:89:\npsacln:x:1004:\n");
    ProcFixture f = new ProcFixture(root.resolve("proc"))
        .process(1, 0, "systemd", 'S', 4194560, 5, 0, List.of("/usr/lib/systemd/systemd"), "/usr/lib/systemd/systemd", "/")
        .process(2, 0, "kthreadd", 'S', 2129984, 1, 0, List.of(), null, null)
        .process(9, 2, "kworker/0:1-events", 'I', 69238880, 3, 0, List.of(), null, null)
        // The web server and a PHP worker submitting to the local MTA: legitimate.
        .process(800, 1, "httpd", 'S', 4194560, 100, 0, List.of("/usr/sbin/httpd", "-DFOREGROUND"), "/usr/sbin/httpd", "/")
        .process(810, 800, "php-fpm", 'S', 4194560, 120, APACHE, List.of("php-fpm: pool shop.example"), "/opt/plesk/php/8.2/sbin/php-fpm",
            "/", 5001)
        .process(820, 800, "php-cgi", 'S', 4194560, 130, SHOP, List.of("/usr/bin/php-cgi"), "/usr/bin/php-cgi",
            "/var/www/vhosts/shop.example/httpdocs")
        // Postfix delivering to a foreign MX: the MTA, allowed by its exe path.
        .process(900, 1, "smtp", 'S', 4194560, 140, 89, List.of("smtp", "-t", "unix", "-u"), "/usr/libexec/postfix/smtp", "/var/spool/postfix",
            5002)
        // root's own shell and a perl of root: root is never a customer.
        .process(950, 1, "bash", 'S', 4194560, 150, 0, List.of("-bash"), "/usr/bin/bash", "/root")
        // The disguised perl, relaunched by cron (parent cron's sh exited: ppid 1).
        .process(21473, 1, "bash", 'S', 4194560, 90000, APACHE, List.of("bash"), "/usr/bin/perl", "/tmp/.x", 7001, 7002, 7003, 7004, 7005)
        // A userland process posing as a kernel thread, its program deleted.
        .process(21500, 1, "kworker/0:2", 'S', 4194560, 90100, APACHE, List.of("[kworker/0:2]"), "/tmp/.x/k (deleted)", "/")
        .process(21501, 21500, "k", 'Z', 4194564, 90200, APACHE, List.of(), null, null)
        // A customer's legitimate cron php (low on its own).
        .process(30000, 1, "php", 'S', 4194560, 95000, SHOP, List.of("php", "/var/www/vhosts/shop.example/httpdocs/wp-cron.php"),
            "/usr/bin/php", "/var/www/vhosts/shop.example")
        .tcp("10.0.0.5", 41000, "127.0.0.1", 25, 1, APACHE, 5001)
        .tcp("192.0.2.42", 41001, "198.51.100.7", 25, 1, 89, 5002)
        .tcp("192.0.2.42", 50522, "203.0.113.9", 25, 1, APACHE, 7001)
        .udp("192.0.2.42", 56602, "192.0.2.53", 53, APACHE, 7002)
        .udp("192.0.2.42", 56603, "192.0.2.53", 53, APACHE, 7003)
        .udp("192.0.2.42", 56604, "192.0.2.53", 53, APACHE, 7004)
        .tcp6("0000000000000000FFFF00002A0200C0", 41500, "0000000000000000FFFF0000096433C6", 587, 1, APACHE, 7005)
        .writeNet();
    write(root, "/var/spool/cron/apache", "*/10 * * * * /tmp/.x/run.sh\n");
    write(root, "/var/spool/cron/shopuser", "MAILTO=\"\"\n*/5 * * * * php /var/www/vhosts/shop.example/httpdocs/wp-cron.php\n");
    write(root, "/etc/crontab", "SHELL=/bin/bash\n17 * * * * root run-parts /etc/cron.hourly\n");
    Path run = write(root, "/tmp/.x/run.sh", "#!/bin/sh\ncd /tmp/.x && pgrep -f bash >/dev/null || perl /tmp/.x/bash &\n");
    Path bash = write(root, "/tmp/.x/bash", "use IO::Socket::INET;\n$0 = 'bash';\nmy $s = IO::Socket::INET->new(PeerAddr => $mx, PeerPort => 25);\n"
        + "print $s \"MAIL FROM:<info\\@shop.example>\\r\\n\";\n");
    Path sess = write(root, "/tmp/sess_0123abcd", "a:1:{s:4:\"cart\";i:3;}");
    Path rootTool = write(root, "/tmp/root-tool.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path p : new Path[] {run, bash, sess, run.getParent()}) {
      Files.setAttribute(p, "unix:uid", APACHE);
      Files.setAttribute(p, "unix:gid", APACHE);
    }
    Files.setPosixFilePermissions(rootTool, PosixFilePermissions.fromString("rwxr-xr-x"));
    return root;
  }

  static Path write(Path root, String serverPath, String text) throws IOException {
    Path p = root.resolve(serverPath.substring(1));
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }
}
