package dev.spamtrace.host;

import dev.spamtrace.host.proc.HostProcess;
import dev.spamtrace.host.proc.NetSocket;
import dev.spamtrace.host.proc.ProcessTable;
import dev.spamtrace.host.rules.Glob;
import dev.spamtrace.host.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the process rules ({@code rules/host/process.yml}) test, computed from one process
 * and its parents. Judgement stays in the rules; this only states what is so.
 */
public final class ProcessFacts {
  private ProcessFacts() {}

  public static Map<String, Object> of(HostProcess p, Map<Integer, HostProcess> index, HostSettings s, UserClasses classes,
      RuleSet rules, String respawnPeriod) {
    Map<String, Object> f = new LinkedHashMap<>();
    String exe = p.exe() == null ? null : p.exe().path();
    String exeName = p.exe() == null ? null : p.exe().baseName();
    String argv0 = normalName(p.argv0());
    f.put("name", p.comm());
    f.put("argv0", argv0);
    f.put("cmdline", p.commandLine());
    f.put("has-exe", exe != null);
    if (exe != null) {
      f.put("exe", exe);
      f.put("exe-name", exeName);
      f.put("exe-deleted", p.exe().deleted());
    }
    if (p.cwd() != null) {
      f.put("cwd", p.cwd().path());
    }
    f.put("user", p.user());
    f.put("uid", p.uid());
    String userClass = classes.of(p.uid(), p.user());
    f.put("user-class", userClass);
    f.put("kernel-thread", p.kernelThread());

    // A name claim can only be checked against a program the kernel names: not for kernel threads,
    // zombies, or when exe could not be read.
    String claimed = null;
    if (!p.kernelThread() && exeName != null) {
      List<String> names = new ArrayList<>();
      names.add(p.comm());
      if (!argv0.isEmpty() && !argv0.equals(p.comm())) {
        names.add(argv0);
      }
      claimed = rules.claimedOtherProgram(exeName, names);
    }
    f.put("claims-other-program", claimed != null);
    if (claimed != null) {
      f.put("claimed-name", claimed);
    }
    f.put("name-not-program", exeName != null && !p.kernelThread() && claimed == null
        && !rules.claims().containsKey(p.comm()) && !nameFitsProgram(p, exeName));

    boolean worker = isWebServer(exe, s) || ProcessTable.ancestors(p, index).stream()
        .anyMatch(a -> a.exe() != null && isWebServer(a.exe().path(), s));
    f.put("outside-web-server", !worker);
    f.put("mta-program", exe != null && anyGlob(s.mtaPrograms(), exe));

    List<String> smtp = new ArrayList<>();
    for (NetSocket n : p.outboundTcp()) {
      // The web server's own workers legitimately submit mail to the local MTA (PHP mailers
      // configured for localhost:25); only their connections to other hosts count.
      if (s.smtpPorts().contains(n.remotePort()) && !(worker && loopback(n.remoteAddress()))) {
        smtp.add(n.remote());
      }
    }
    f.put("smtp-connections", smtp.size());
    f.put("smtp-remotes", smtp);
    f.put("udp-sockets", p.udpSockets().size());
    f.put("respawns", respawnPeriod != null);
    if (respawnPeriod != null) {
      f.put("respawn-period", respawnPeriod);
    }
    return f;
  }

  /**
   * {@code argv[0]} as a name: the file name of a path, without a login shell's {@code -}, a
   * kernel-thread look-alike's brackets, or a title after {@code :} or a space
   * ({@code php-fpm: pool www} → {@code php-fpm}, {@code [kworker/0:1]} → {@code kworker}).
   */
  static String normalName(String argv0) {
    String a = argv0.strip();
    boolean bracketed = a.startsWith("[") && a.endsWith("]") && a.length() > 2;
    if (bracketed) {
      a = a.substring(1, a.length() - 1);
      int cut = indexOfAny(a, "/:");
      return cut < 0 ? a : a.substring(0, cut);
    }
    int sp = indexOfAny(a, " :");
    if (sp >= 0) {
      a = a.substring(0, sp);
    }
    int slash = a.lastIndexOf('/');
    if (slash >= 0) {
      a = a.substring(slash + 1);
    }
    while (a.startsWith("-")) {
      a = a.substring(1);
    }
    return a;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The kernel's name fits the program: the name is the program's file name (cut to 15 bytes,
   * or a prefix, as {@code python3} for {@code python3.11}), or the name of the script an
   * interpreter was started on through {@code #!} (then comm is the script's file name).
   */
  static boolean nameFitsProgram(HostProcess p, String exeName) {
    String comm = p.comm();
    if (comm.isEmpty() || exeName.startsWith(comm) || comm.startsWith(exeName)) {
      return true;
    }
    for (int i = 1; i < Math.min(p.argv().size(), 4); i++) {
      String arg = p.argv().get(i);
      String base = arg.substring(arg.lastIndexOf('/') + 1);
      if (!base.isEmpty() && base.startsWith(comm)) {
        return true;
      }
    }
    return false;
  }

  static boolean isWebServer(String exe, HostSettings s) {
    return exe != null && anyGlob(s.webServerPrograms(), exe);
  }

  static boolean anyGlob(List<String> globs, String value) {
    for (String g : globs) {
      if (Glob.matches(g, value)) {
        return true;
      }
    }
    return false;
  }

  static boolean loopback(String address) {
    return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1") || address.equals("::1");
  }
}
