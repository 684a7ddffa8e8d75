package dev.spamtrace.cli;

import dev.spamtrace.hostroot.HostRoot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --root} (repeatable, globs allowed: {@code /vz/root/*}) and {@code --proc}. */
public final class RootOptions {
  @Option(names = "--root", paramLabel = "DIR", description = "the server's root (default /); repeat, or use a glob like '/vz/root/*', for several")
  List<String> roots = new ArrayList<>();

  @Option(names = "--proc", paramLabel = "DIR", description = "the proc directory (default <root>/proc); one root only")
  Path proc;

  /** The roots to inspect, globs expanded, in a stable order. */
  public List<HostRoot> hostRoots(picocli.CommandLine cmd) {
    List<String> given = roots.isEmpty() ? List.of("/") : roots;
    List<Path> dirs = new ArrayList<>();
    for (String r : given) {
      dirs.addAll(expand(r, cmd));
    }
    if (proc != null && dirs.size() > 1) {
      throw new ParameterException(cmd, "--proc applies to one root only");
    }
    List<HostRoot> out = new ArrayList<>();
    for (Path d : dirs) {
      try {
        out.add(HostRoot.of(d, proc));
      } catch (RuntimeException e) {
        throw new ParameterException(cmd, e.getMessage());
      }
    }
    return out;
  }

  /** One root; an error when several were given. */
  public HostRoot single(picocli.CommandLine cmd) {
    List<HostRoot> all = hostRoots(cmd);
    if (all.size() != 1) {
      throw new ParameterException(cmd, "this command takes one --root");
    }
    return all.get(0);
  }

  private static List<Path> expand(String pattern, picocli.CommandLine cmd) {
    if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
      return List.of(Path.of(pattern));
    }
    Path p = Path.of(pattern);
    Path parent = p.getParent();
    if (parent == null || parent.toString().contains("*")) {
      throw new ParameterException(cmd, "only the last part of --root may be a glob: " + pattern);
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p.getFileName().toString())) {
      for (Path d : ds) {
        if (Files.isDirectory(d)) {
          out.add(d);
        }
      }
    } catch (IOException e) {
      throw new ParameterException(cmd, "cannot list " + parent + ": " + e.getMessage());
    }
    out.sort(null);
    if (out.isEmpty()) {
      throw new ParameterException(cmd, "no directory matches " + pattern);
    }
    return out;
  }
}
