package dev.spamtrace.report;

import dev.spamtrace.blocklist.ServerAddresses;
import dev.spamtrace.config.ServerSettings;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How reports and alerts name a server: configuration first, then what the root says. */
public final class ServerIdentity {
  /** {@code /vz/root/VEID} and {@code /vz/private/VEID/fs/root}: Virtuozzo's container roots. */
  private static final Pattern VZ = Pattern.compile("^/vz/(?:root|private)/([^/]+)(?:/fs/root)?/?$");

  private ServerIdentity() {}

  public static Report.Server of(HostRoot root, ServerSettings settings) {
    String name = settings.name();
    if (name == null || name.isBlank()) {
      name = hostname(root);
    }
    String container = settings.container();
    if (container == null || container.isBlank()) {
      container = containerId(root.directory());
    }
    List<String> addresses = settings.addresses();
    if (addresses == null || addresses.isEmpty()) {
      // Not configured: what the root's own network and panel configuration (and, live, /proc/net) say.
      addresses = ServerAddresses.discover(root).addresses().stream().map(ServerAddresses.Found::address).toList();
    }
    return new Report.Server(root.label(), name, container, List.copyOf(addresses));
  }

  static String hostname(HostRoot root) {
    for (String f : List.of("/etc/hostname", "/etc/mailname")) {
      if (root.read(f, 256) instanceof FileRead.Content c) {
        String s = c.text().strip();
        int nl = s.indexOf('\n');
        s = nl >= 0 ? s.substring(0, nl) : s;
        if (!s.isEmpty()) {
          return s;
        }
      }
    }
    return root.isLiveSystem() ? "localhost" : root.directory().getFileName().toString();
  }

  static String containerId(Path dir) {
    Matcher m = VZ.matcher(dir.toString());
    return m.matches() ? m.group(1) : "";
  }
}
