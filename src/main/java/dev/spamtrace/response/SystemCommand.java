package dev.spamtrace.response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system's own tools (postsuper, exim, crontab, nft) with an argument list and a
 * timeout. Never a shell string: attacker-controlled text can only ever be one argument.
 */
public class SystemCommand {
  private final Duration timeout;

  public SystemCommand(Duration timeout) {
    this.timeout = timeout;
  }

  /** What a command did. */
  public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }

    public String describe() {
      return timedOut ? "timed out" : "exit " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
    }
  }

  public Result run(List<String> argv) throws IOException {
    return run(argv, null);
  }

  /** Runs {@code argv}, feeding {@code stdin} when not null. */
  public Result run(List<String> argv, byte[] stdin) throws IOException {
    return run(argv, stdin, java.util.Map.of());
  }

  /**
   * Runs {@code argv} with {@code env} added to its environment (a panel's CLI that takes a
   * secret from a variable rather than from its arguments, which every user can read in ps).
   */
  public Result run(List<String> argv, byte[] stdin, java.util.Map<String, String> env) throws IOException {
    Path out = Files.createTempFile("spamtrace-cmd", ".out");
    Path err = Files.createTempFile("spamtrace-cmd", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      if (stdin == null) {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process p = pb.start();
      if (stdin != null) {
        try (var os = p.getOutputStream()) {
          os.write(stdin);
        }
      }
      boolean finished;
      try {
        finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted running " + argv.get(0), e);
      }
      if (!finished) {
        p.destroyForcibly();
        return new Result(-1, read(out), read(err), true);
      }
      return new Result(p.exitValue(), read(out), read(err), false);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
