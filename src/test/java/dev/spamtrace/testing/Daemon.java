package dev.spamtrace.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A daemon a test starts itself: output to a file (never the build's output, which a daemon
 * left behind would hold open), stopped by its pid on {@link #close()}, even when the test fails.
 * For daemons that fork away from their starter, give the pid file they write.
 */
public final class Daemon implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path pidFile;
  private final Path log;

  private Daemon(String name, Process process, Path pidFile, Path log) {
    this.name = name;
    this.process = process;
    this.pidFile = pidFile;
    this.log = log;
  }

  /** Starts {@code argv} with stdout and stderr appended to {@code log}. */
  public static Daemon start(String name, List<String> argv, Path log, Path pidFile) throws IOException {
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    return new Daemon(name, p, pidFile, log);
  }

  public long pid() {
    return pidFromFile().orElse(process.pid());
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private Optional<Long> pidFromFile() {
    if (pidFile == null || !Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Waits until {@code ready} holds, failing with the daemon's log when it does not in time. */
  public Daemon awaitReady(Duration timeout, BooleanSupplier ready) throws IOException, InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (ready.getAsBoolean()) {
        return this;
      }
      Thread.sleep(50);
    }
    String tail = Files.exists(log) ? Files.readString(log) : "(no log)";
    close();
    throw new IllegalStateException(name + " did not become ready in " + timeout + "; log " + log + ":\n" + tail);
  }

  @Override
  public void close() {
    Optional<Long> fromFile = pidFromFile();
    fromFile.flatMap(ProcessHandle::of).ifPresent(Daemon::stop);
    ProcessHandle.of(process.pid()).ifPresent(Daemon::stop);
  }

  private static void stop(ProcessHandle h) {
    h.destroy();
    try {
      h.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      h.destroyForcibly();
    }
  }

  /** A free TCP port on loopback, chosen at run time (never a fixed one: 2024 belongs to the machine). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
