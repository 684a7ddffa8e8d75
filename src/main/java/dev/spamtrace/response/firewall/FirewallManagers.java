package dev.spamtrace.response.firewall;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Firewall managers that rewrite the firewall on their own and would fight ours: firewalld (a
 * running daemon; it reloads its own rules) and CSF ({@code csf -r} flushes every iptables chain,
 * ours included). Read from the root and its proc directory only.
 */
public final class FirewallManagers {
  private FirewallManagers() {}

  /** What was found, and what could not be checked. */
  public record Found(List<String> managers, List<String> problems) {}

  public static Found detect(HostRoot root) {
    List<String> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    FileRead csf = root.read("/etc/csf/csf.conf", 1);
    if (csf instanceof FileRead.Content) {
      found.add("CSF (/etc/csf/csf.conf)");
    }
    if (!Files.isDirectory(root.procDirectory())) {
      problems.add("no process list at " + root.procDirectory() + ": cannot tell whether firewalld runs");
      return new Found(found, problems);
    }
    try {
      for (String pid : root.listLocal(root.procDirectory())) {
        if (!pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        if (root.read(root.proc(pid + "/comm"), 64) instanceof FileRead.Content c && c.text().strip().equals("firewalld")) {
          found.add("firewalld (pid " + pid + ")");
          break;
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + root.procDirectory() + ": " + e.getMessage());
    }
    return new Found(found, problems);
  }
}
