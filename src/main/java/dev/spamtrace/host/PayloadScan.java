package dev.spamtrace.host;

import dev.spamtrace.hostroot.FileRead;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.host.rules.Places;
import dev.spamtrace.host.rules.RuleSet;
import dev.spamtrace.host.rules.Verdict;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks through the temporary places for files of web and customer users and judges each with
 * {@code rules/host/payload.yml}. Symlinks are never followed (the walk stays inside the root);
 * only files of web and customer users are opened, and only their first bytes. The number of
 * files and the depth are bounded; what was cut off or unreadable is reported.
 */
public final class PayloadScan {
  /** One judged file. */
  public record PayloadFile(String path, int uid, String owner, String ownerClass, String mode, long size, String type,
      Map<String, Object> facts, Verdict verdict) {}

  /** What the scan saw. */
  public record Result(List<PayloadFile> files, int looked, List<String[]> problems) {}

  private final HostRoot root;
  private final HostSettings settings;
  private final Accounts accounts;
  private final UserClasses classes;
  private final RuleSet rules;
  private final Places places;

  public PayloadScan(HostRoot root, HostSettings settings, Accounts accounts, UserClasses classes, RuleSet rules) {
    this.root = root;
    this.settings = settings;
    this.accounts = accounts;
    this.classes = classes;
    this.rules = rules;
    this.places = Places.of(settings);
  }

  public Result scan() {
    List<PayloadFile> out = new ArrayList<>();
    List<String[]> problems = new ArrayList<>();
    int[] looked = {0};
    for (String place : settings.temporaryPlaces()) {
      Path start;
      try {
        start = root.resolve(place);
      } catch (RuntimeException e) {
        problems.add(new String[] {place, "cannot be resolved: " + e.getMessage()});
        continue;
      }
      if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), settings.tmpScanMaxDepth(),
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return d.equals(start) || webOrCustomerCanWrite(d) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (!a.isRegularFile()) {
                  return FileVisitResult.CONTINUE; // sockets, FIFOs, symlinks: never opened
                }
                if (++looked[0] > settings.tmpScanMaxFiles()) {
                  problems.add(new String[] {place, "more than " + settings.tmpScanMaxFiles()
                      + " files in the temporary places; the rest was not looked at (host.tmp-scan-max-files)"});
                  return FileVisitResult.TERMINATE;
                }
                PayloadFile f = judge(file, place, a);
                if (f != null) {
                  out.add(f);
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(new String[] {serverPath(file), "cannot be read: " + e.getClass().getSimpleName()});
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        problems.add(new String[] {place, "walk failed: " + e.getMessage()});
      }
      if (looked[0] > settings.tmpScanMaxFiles()) {
        break;
      }
    }
    out.sort(java.util.Comparator.comparing(PayloadFile::path));
    return new Result(out, Math.min(looked[0], settings.tmpScanMaxFiles()), problems);
  }

  /**
   * Whether web or customer users can have put files in this folder: they own it, or it is group-
   * or world-writable. A folder of root or a system account with mode 0755 or 0700 (other tools'
   * scratch folders, often hundreds of thousands of files) cannot hold their files and is skipped,
   * so the file limit is spent where payloads can be.
   */
  private boolean webOrCustomerCanWrite(Path dir) {
    try {
      Map<String, Object> unix = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      int uid = (Integer) unix.get("uid");
      int mode = (Integer) unix.get("mode");
      return (mode & 0022) != 0 || classes.webOrCustomer(classes.of(uid, accounts.userName(uid)));
    } catch (IOException | UnsupportedOperationException e) {
      return true; // cannot tell: look inside (an unreadable folder is then reported by the walk)
    }
  }

  private String serverPath(Path local) {
    try {
      return root.serverPath(local);
    } catch (RuntimeException e) {
      return local.toString();
    }
  }

  private PayloadFile judge(Path file, String place, BasicFileAttributes a) {
    int uid;
    int mode;
    try {
      Map<String, Object> unix = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
      uid = (Integer) unix.get("uid");
      mode = ((Integer) unix.get("mode")) & 07777;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // vanished, or not a POSIX file system
    }
    String owner = accounts.userName(uid);
    String ownerClass = classes.of(uid, owner);
    if (!classes.webOrCustomer(ownerClass)) {
      return null;
    }
    String path = serverPath(file);
    FileRead r = root.read(file, settings.tmpScanReadBytes());
    byte[] head = r instanceof FileRead.Content c ? c.bytes() : new byte[0];
    String type = head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F' ? "program"
        : head.length >= 2 && head[0] == '#' && head[1] == '!' ? "script"
        : rules.lists().getOrDefault("script-extensions", List.of()).contains(extension(path)) ? "script" : "data";
    String rel = path.length() > place.length() ? path.substring(place.length()) : "";
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("path", path);
    f.put("owner", owner);
    f.put("owner-class", ownerClass);
    f.put("type", type);
    f.put("script-or-program", !type.equals("data"));
    f.put("extension", extension(path));
    f.put("executable", (mode & 0111) != 0);
    f.put("mode", String.format(Locale.ROOT, "%04o", mode));
    f.put("in-hidden-folder", CronFacts.hasHiddenPart(rel));
    f.put("size", a.size());
    f.put("content", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
    Verdict v = rules.judge(f, places);
    return new PayloadFile(path, uid, owner, ownerClass, (String) f.get("mode"), a.size(), type, f, v);
  }

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
