package dev.spamtrace.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that drive a real daemon (Postfix, vsftpd, cron, nftables, PostgreSQL, Chromium) call
 * {@link #require}. On a developer machine without the component the test is skipped with the
 * reason; in CI ({@code -Dspamtrace.requireReal=true}, set by {@code .ci/run}) it fails instead,
 * so a real-component test can never pass by skipping there.
 */
public final class RealComponent {
  private RealComponent() {}

  public static boolean required() {
    return Boolean.getBoolean("spamtrace.requireReal") || "1".equals(System.getenv("SPAMTRACE_REQUIRE_REAL"));
  }

  /** Skips (developer machine) or fails (CI) unless {@code available}. */
  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if (required()) {
      fail(what + " is required in CI (spamtrace.requireReal) but is not available here; .ci/run must install and start it");
    }
    Assumptions.abort(what + " is not available here; skipped (CI runs it)");
  }

  /** True when an executable is on the PATH or at the given absolute path. */
  public static boolean executable(String nameOrPath) {
    if (nameOrPath.startsWith("/")) {
      return Files.isExecutable(Path.of(nameOrPath));
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, nameOrPath))) {
        return true;
      }
    }
    return false;
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
