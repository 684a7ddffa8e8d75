package dev.spamtrace.logs;

import dev.spamtrace.hostroot.HostPathException;
import dev.spamtrace.hostroot.HostRoot;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Finds log files under a root from the places the rule files name (globs in any part of the
 * path), with their rotated siblings ({@code .1}, {@code .2.gz}, {@code -20261127},
 * {@code -20261127.gz}), oldest first; opens them without following a symlink out of the root and
 * reads gzip by its magic bytes, not its name. Acquisition only: parsing is {@link LineParser}'s.
 */
public final class LogFiles {
  private static final Pattern ROTATION = Pattern.compile("(?:\\.(\\d{1,4})|-(\\d{8}|\\d{10}))?(\\.gz)?");

  private LogFiles() {}

  /** A file that could not be looked at, for the result's gaps. */
  public record Problem(String serverPath, String reason) {}

  /** What discovery found. */
  public record Found(List<LogFile> files, List<Problem> problems) {}

  /**
   * The log files under {@code root} for every format of {@code rules}, plus {@code extra}
   * (server path glob → format name, or {@code auto} for all formats). Files whose name matches
   * one of {@code skip} (globs over the file name) are left out.
   */
  public static Found discover(HostRoot root, LogRules rules, Map<String, String> extra, List<String> skip) {
    Map<String, Set<String>> formatsByBase = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    List<Pattern> skipNames = skip.stream().map(LogFiles::globRegex).toList();
    Map<String, List<String>> globs = new LinkedHashMap<>();
    rules.formats().values().forEach(f -> f.files().forEach(g -> globs.computeIfAbsent(g, k -> new ArrayList<>()).add(f.format())));
    extra.forEach((g, fmt) -> globs.computeIfAbsent(g, k -> new ArrayList<>())
        .addAll("auto".equals(fmt) ? new ArrayList<>(rules.formats().keySet()) : List.of(fmt)));
    for (Map.Entry<String, List<String>> e : globs.entrySet()) {
      for (String base : expand(root, e.getKey(), problems)) {
        String name = base.substring(base.lastIndexOf('/') + 1);
        if (skipNames.stream().anyMatch(p -> p.matcher(name).matches())) {
          continue;
        }
        formatsByBase.computeIfAbsent(base, k -> new LinkedHashSet<>()).addAll(e.getValue());
      }
    }
    List<LogFile> out = new ArrayList<>();
    Set<Path> seen = new java.util.HashSet<>();
    for (Map.Entry<String, Set<String>> e : formatsByBase.entrySet()) {
      for (LogFile f : family(root, e.getKey(), List.copyOf(e.getValue()), problems)) {
        if (seen.add(f.local())) {
          out.add(f);
        }
      }
    }
    return new Found(out, problems);
  }

  /** The regex of a glob ({@code *} and {@code ?} only; everything else literal). */
  static Pattern globRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> b.append("[^/]*");
        case '?' -> b.append("[^/]");
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString());
  }

  /** Server paths of existing regular files matching a glob. */
  static List<String> expand(HostRoot root, String glob, List<Problem> problems) {
    List<String> current = List.of("");
    String[] parts = glob.split("/");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>();
      boolean wild = part.contains("*") || part.contains("?");
      for (String dir : current) {
        if (!wild) {
          next.add(dir + "/" + part);
          continue;
        }
        Pattern p = globRegex(part);
        try {
          for (String name : root.list(dir.isEmpty() ? "/" : dir)) {
            if (p.matcher(name).matches()) {
              next.add(dir + "/" + name);
            }
          }
        } catch (IOException | HostPathException e) {
          problems.add(new Problem(dir, e.getMessage()));
        }
      }
      current = next;
    }
    List<String> files = new ArrayList<>();
    for (String s : current) {
      try {
        Path local = root.resolveNoFollow(s);
        if (Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
          files.add(s);
        }
      } catch (HostPathException e) {
        problems.add(new Problem(s, e.getMessage()));
      }
    }
    return files;
  }

  /** The live file and its rotated siblings, oldest first. */
  static List<LogFile> family(HostRoot root, String base, List<String> formats, List<Problem> problems) {
    int slash = base.lastIndexOf('/');
    String dir = slash == 0 ? "/" : base.substring(0, slash);
    String name = base.substring(slash + 1);
    record Member(String serverPath, long order) {}
    List<Member> members = new ArrayList<>();
    try {
      for (String n : root.list(dir)) {
        if (!n.startsWith(name)) {
          continue;
        }
        Matcher m = ROTATION.matcher(n.substring(name.length()));
        if (!m.matches()) {
          continue;
        }
        long order;
        if (m.group(1) != null) {
          order = 1_000_000L - Long.parseLong(m.group(1)); // .9 is older than .1
        } else if (m.group(2) != null) {
          order = Long.parseLong(m.group(2).substring(0, 8)) - 100_000_000L; // dated ones before numbered
        } else {
          order = m.group(3) != null ? 1_999_999L : 2_000_000L;
        }
        members.add(new Member((dir.equals("/") ? "" : dir) + "/" + n, order));
      }
    } catch (IOException | HostPathException e) {
      problems.add(new Problem(dir, e.getMessage()));
      return List.of();
    }
    members.sort(Comparator.comparingLong(Member::order));
    List<LogFile> out = new ArrayList<>();
    for (Member mem : members) {
      try {
        Path local = root.resolveNoFollow(mem.serverPath());
        BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
          continue; // a FIFO or a symlink is never opened
        }
        out.add(new LogFile(mem.serverPath(), local, a.size(), a.lastModifiedTime().toInstant(), formats, base));
      } catch (IOException | HostPathException e) {
        problems.add(new Problem(mem.serverPath(), e.getMessage()));
      }
    }
    return out;
  }

  /**
   * Opens a log file for reading: never through a symlink, never a FIFO; gzip when its first
   * bytes say so. When an uncompressed file is larger than {@code maxBytes} only its last
   * {@code maxBytes} are read (the most recent lines), from the first whole line.
   */
  public static InputStream open(Path local, long maxBytes) throws IOException {
    BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new IOException(local + " is not a regular file");
    }
    InputStream raw = Files.newInputStream(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new BoundedInputStream(new GZIPInputStream(in, 1 << 16), maxBytes);
    }
    if (a.size() > maxBytes) {
      long skip = a.size() - maxBytes;
      while (skip > 0) {
        long s = in.skip(skip);
        if (s <= 0) {
          break;
        }
        skip -= s;
      }
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        // drop the partial first line
      }
    }
    return in;
  }

  /** True when {@link #open} will read only part of the file. */
  public static boolean truncated(LogFile f, long maxBytes) {
    return f.size() > maxBytes && !f.serverPath().endsWith(".gz");
  }

  /** Stops after a number of bytes (a decompression bomb reads no further). */
  static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;
    private boolean hitLimit;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        hitLimit = true;
        return -1;
      }
      int c = super.read();
      if (c >= 0) {
        left--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        hitLimit = true;
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    boolean hitLimit() {
      return hitLimit;
    }
  }
}
