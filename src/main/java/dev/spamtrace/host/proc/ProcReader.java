package dev.spamtrace.host.proc;

import dev.spamtrace.host.Accounts;
import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the process table from the root's proc directory ({@code HostRoot.procDirectory()}): the
 * live {@code /proc} or a captured tree laid out like it. Acquisition only; every file is parsed by
 * the pure parsers beside it. Links ({@code exe}, {@code cwd}, {@code fd/N}) are read as text,
 * never followed. A process that exits mid-read is counted as vanished; anything unreadable is
 * recorded as a problem; neither stops the read.
 */
public final class ProcReader {
  /**
   * USER_HZ: the unit of stat's start time. The kernel fixes it at 100 for user space on every
   * architecture Linux servers run on (sysconf(_SC_CLK_TCK), include/asm-generic/param.h).
   */
  public static final long CLOCK_TICKS = 100;

  private static final long SMALL = 64 * 1024;
  private static final long CMDLINE_MAX = 128 * 1024;
  private static final String[] NET_FILES = {"tcp", "tcp6", "udp", "udp6"};

  private final HostRoot root;
  private final Accounts accounts;
  private final Clock clock;

  public ProcReader(HostRoot root, Accounts accounts, Clock clock) {
    this.root = root;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** What reading one process gave. */
  sealed interface Outcome {}

  record Read(Raw raw) implements Outcome {}

  record Vanished() implements Outcome {}

  record Failed(String reason) implements Outcome {}

  /** A process before the join with sockets and accounts. */
  record Raw(ProcStat stat, ProcStatus status, List<String> argv, ProcLink exe, ProcLink cwd, long[] socketInodes,
      int socketFds, List<String> unreadable) {}

  public ProcessTable read() {
    Path proc = root.procDirectory();
    Instant now = clock.instant();
    if (!Files.isDirectory(proc)) {
      return new ProcessTable(proc.toString(), false, now, null, List.of(), 0, 0, List.of());
    }
    List<ProcessTable.Problem> problems = new ArrayList<>();
    List<String> names;
    try {
      names = root.listLocal(proc);
    } catch (IOException e) {
      problems.add(new ProcessTable.Problem(proc.toString(), "cannot list: " + e));
      return new ProcessTable(proc.toString(), true, now, null, List.of(), 0, 0, problems);
    }
    if (names.stream().noneMatch(ProcReader::isPid)) {
      // An empty mount point (a disk copy, a container root whose /proc is not mounted): nothing
      // to look at, which is not the same as no processes running.
      return new ProcessTable(proc.toString(), false, now, null, List.of(), 0, 0, problems);
    }
    Instant boot = bootTime(proc);
    List<Raw> raws = new ArrayList<>();
    int vanished = 0;
    // Each process is independent: read them on every core (a /proc read is system calls, not I/O).
    List<String> pids = names.stream().filter(ProcReader::isPid).toList();
    List<Outcome> outcomes = pids.parallelStream().map(name -> readOne(proc.resolve(name), Integer.parseInt(name))).toList();
    for (int i = 0; i < pids.size(); i++) {
      String name = pids.get(i);
      Outcome o = outcomes.get(i);
      if (o instanceof Read r) {
        raws.add(r.raw());
      } else if (o instanceof Vanished) {
        vanished++;
      } else if (o instanceof Failed f) {
        problems.add(new ProcessTable.Problem(proc.resolve(name).toString(), f.reason()));
      }
    }

    // Sockets: /proc/net shows the reader's network namespace; a process in another namespace (a
    // container seen from the node) has its sockets in /proc/PID/net, read once per namespace.
    Map<Long, NetSocket> byInode = new HashMap<>();
    int[] count = {0};
    readNet(proc.resolve("net"), byInode, problems, count);
    Set<String> nsDone = new HashSet<>();
    String ownNs = root.readLink(proc.resolve("self/ns/net")).orElse(null);
    if (ownNs != null) {
      nsDone.add(ownNs);
    }
    for (Raw r : raws) {
      boolean missing = false;
      for (long inode : r.socketInodes()) {
        if (!byInode.containsKey(inode)) {
          missing = true;
          break;
        }
      }
      if (!missing) {
        continue;
      }
      String ns = root.readLink(proc.resolve(r.stat().pid() + "/ns/net")).orElse(null);
      if (ns != null && nsDone.add(ns)) {
        readNet(proc.resolve(r.stat().pid() + "/net"), byInode, problems, count);
      }
    }

    List<HostProcess> processes = new ArrayList<>(raws.size());
    for (Raw r : raws) {
      processes.add(join(r, byInode, boot));
    }
    return new ProcessTable(proc.toString(), true, now, boot, processes, count[0], vanished, problems);
  }

  private static boolean isPid(String name) {
    if (name.isEmpty() || name.length() > 10) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private Instant bootTime(Path proc) {
    if (root.read(proc.resolve("stat"), SMALL) instanceof FileRead.Content c) {
      for (String line : c.text().split("\n")) {
        if (line.startsWith("btime ")) {
          Long s = dev.spamtrace.host.Numbers.longOrNull(line.substring(6));
          return s == null ? null : Instant.ofEpochSecond(s);
        }
      }
    }
    return null;
  }

  /**
   * One process read again now (for an action that must check it is still the same process: pid
   * and start time), without its sockets; empty when it is gone or cannot be read.
   */
  public java.util.Optional<HostProcess> process(int pid) {
    Path proc = root.procDirectory();
    Outcome o = readOne(proc.resolve(Integer.toString(pid)), pid);
    if (o instanceof Read r) {
      return java.util.Optional.of(join(r.raw(), Map.of(), bootTime(proc)));
    }
    return java.util.Optional.empty();
  }

  Outcome readOne(Path dir, int pid) {
    List<String> unreadable = new ArrayList<>();
    FileRead statRead = root.read(dir.resolve("stat"), SMALL);
    ProcStat stat;
    if (statRead instanceof FileRead.Missing) {
      return new Vanished();
    } else if (statRead instanceof FileRead.Content c) {
      String latin1 = c.latin1();
      stat = ProcStat.parse(latin1).orElse(null);
      if (stat == null) {
        return new Failed("stat not understood");
      }
      if (stat.pid() != pid) {
        return new Failed("stat names pid " + stat.pid());
      }
      if (!ascii(c.bytes())) {
        // comm is bytes; keep it as UTF-8 when it is, else as one char per byte.
        String utf = c.text();
        ProcStat u = ProcStat.parse(utf).orElse(null);
        if (u != null && !utf.contains("\uFFFD")) {
          stat = u;
        }
      }
    } else {
      return new Failed("stat: " + describe(statRead));
    }

    FileRead statusRead = root.read(dir.resolve("status"), SMALL);
    ProcStatus status;
    if (statusRead instanceof FileRead.Missing) {
      return new Vanished();
    } else if (statusRead instanceof FileRead.Content c) {
      status = ProcStatus.parse(c.text()).orElse(null);
      if (status == null) {
        return new Failed("status not understood");
      }
    } else {
      return new Failed("status: " + describe(statusRead));
    }

    List<String> argv = List.of();
    FileRead cmd = root.read(dir.resolve("cmdline"), CMDLINE_MAX);
    if (cmd instanceof FileRead.Content c) {
      argv = ProcCmdline.parse(c.bytes());
    } else if (cmd instanceof FileRead.Missing) {
      if (!Files.exists(dir.resolve("stat"), LinkOption.NOFOLLOW_LINKS)) {
        return new Vanished();
      }
      unreadable.add("cmdline: missing");
    } else {
      unreadable.add("cmdline: " + describe(cmd));
    }

    ProcLink exe = null;
    ProcLink cwd = null;
    long[] inodes = new long[0];
    int socketFds = 0;
    if (!stat.kernelThread()) {
      exe = root.readLink(dir.resolve("exe")).map(ProcLink::parse).orElse(null);
      cwd = root.readLink(dir.resolve("cwd")).map(ProcLink::parse).orElse(null);
      if ((exe == null || cwd == null) && !Files.exists(dir.resolve("stat"), LinkOption.NOFOLLOW_LINKS)) {
        return new Vanished(); // it exited between reading its stat and its links
      }
      if (exe == null && !stat.zombie()) {
        unreadable.add("exe");
      }
      if (cwd == null && !stat.zombie()) {
        unreadable.add("cwd");
      }
      Path fdDir = dir.resolve("fd");
      List<String> fds = new ArrayList<>();
      try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(fdDir)) {
        for (Path fd : ds) {
          fds.add(fd.getFileName().toString());
        }
      } catch (java.nio.file.NoSuchFileException e) {
        if (!stat.zombie() && Files.exists(dir.resolve("stat"), LinkOption.NOFOLLOW_LINKS)) {
          unreadable.add("fd: missing");
        }
      } catch (IOException | RuntimeException e) {
        if (!stat.zombie()) {
          unreadable.add("fd: " + e.getClass().getSimpleName());
        }
      }
      long[] found = new long[fds.size()];
      int n = 0;
      for (String fd : fds) {
        String text = root.readLink(fdDir.resolve(fd)).orElse(null);
        if (text != null && text.startsWith("socket:[")) {
          socketFds++;
          OptionalLong inode = ProcLink.socketInode(text);
          if (inode.isPresent()) {
            found[n++] = inode.getAsLong();
          }
        }
      }
      inodes = java.util.Arrays.copyOf(found, n);
    }
    return new Read(new Raw(stat, status, argv, exe, cwd, inodes, socketFds, unreadable));
  }

  private static boolean ascii(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  private void readNet(Path netDir, Map<Long, NetSocket> byInode, List<ProcessTable.Problem> problems, int[] count) {
    for (String f : NET_FILES) {
      FileRead r = root.read(netDir.resolve(f), 256L << 20);
      if (r instanceof FileRead.Content c) {
        ProcNet.Parsed parsed = ProcNet.parse(f, c.latin1());
        for (NetSocket s : parsed.sockets()) {
          // inode 0: a socket in TIME_WAIT no process holds any more.
          if (s.inode() != 0) {
            byInode.putIfAbsent(s.inode(), s);
          }
        }
        count[0] += parsed.sockets().size();
        if (parsed.badLines() > 0) {
          problems.add(new ProcessTable.Problem(netDir.resolve(f).toString(), parsed.badLines() + " lines not understood"));
        }
        if (c.truncated()) {
          problems.add(new ProcessTable.Problem(netDir.resolve(f).toString(), "larger than 256 MiB; the rest was not read"));
        }
      } else if (!(r instanceof FileRead.Missing)) {
        problems.add(new ProcessTable.Problem(netDir.resolve(f).toString(), describe(r)));
      }
    }
  }

  private HostProcess join(Raw r, Map<Long, NetSocket> byInode, Instant boot) {
    List<NetSocket> sockets = new ArrayList<>();
    for (long inode : r.socketInodes()) {
      NetSocket s = byInode.get(inode);
      if (s != null) {
        sockets.add(s);
      }
    }
    ProcStat st = r.stat();
    ProcStatus ss = r.status();
    Instant started = boot == null ? null
        : boot.plusMillis(st.startTicks() * 1000 / CLOCK_TICKS);
    return new HostProcess(st.pid(), st.ppid(), st.comm(), st.state(), st.kernelThread(), st.startTicks(), started, r.argv(),
        r.exe(), r.cwd(), ss.realUid(), ss.effectiveUid(), ss.realGid(), accounts.userName(ss.realUid()),
        accounts.groupName(ss.realGid()), sockets, r.socketFds(), r.unreadable());
  }

  private static String describe(FileRead r) {
    if (r instanceof FileRead.Unreadable u) {
      return "unreadable: " + u.reason();
    }
    if (r instanceof FileRead.NotRegular n) {
      return "not a regular file (" + n.type() + ")";
    }
    return "missing";
  }
}
