package dev.spamtrace.response.host;

import dev.spamtrace.config.Config;
import dev.spamtrace.host.HostSettings;
import dev.spamtrace.host.UserClasses;
import dev.spamtrace.host.rules.Glob;
import dev.spamtrace.incident.Text;
import java.util.Optional;
import java.util.Set;

/**
 * Whose processes may be stopped. Never PID 1, never root (real or effective uid 0), never this
 * tool or its parents, never kernel threads, never users in {@code host.never-stop-users}; system
 * and MTA users, and the MTA's own programs, only when their user is named in
 * {@code host.stop-forced-users}. Asked by the planner (so a protected process is never even
 * proposed) and again by the action just before it acts.
 */
public final class StopPolicy {
  private final HostSettings settings;
  private final UserClasses classes;
  private final Set<String> never;
  private final Set<String> forced;

  public StopPolicy(Config config) {
    this.settings = config.section(HostSettings.SECTION, HostSettings.class);
    this.classes = new UserClasses(config.users());
    this.never = Set.copyOf(settings.neverStopUsers());
    this.forced = Set.copyOf(settings.stopForcedUsers());
  }

  /**
   * Why this process must not be stopped, or empty when it may be.
   *
   * @param exe the program path (without {@code (deleted)}), or null when unknown
   */
  public Optional<Text> refusal(int pid, int uid, int euid, String user, String exe, boolean kernelThread) {
    if (pid <= 1) {
      return Optional.of(Text.of("pid %d is init; it is never stopped", "pid %d は init です。停止しません", pid));
    }
    if (kernelThread) {
      return Optional.of(Text.of("pid %d is a kernel thread", "pid %d はカーネルスレッドです", pid));
    }
    if (uid == 0 || euid == 0) {
      return Optional.of(Text.of("pid %d runs as root; root's processes are never stopped", "pid %d は root で動いています。root のプロセスは停止しません", pid));
    }
    long self = ProcessHandle.current().pid();
    for (ProcessHandle h = ProcessHandle.current(); h != null; h = h.parent().orElse(null)) {
      if (h.pid() == pid) {
        return Optional.of(Text.of("pid %d is spamtrace itself or one of its parents", "pid %d は spamtrace 自身またはその親です", pid));
      }
      if (h.pid() <= 1 || h.pid() != self && h.parent().isEmpty()) {
        break;
      }
    }
    if (never.contains(user)) {
      return Optional.of(Text.of("%s is in host.never-stop-users", "%s は host.never-stop-users に含まれています", user));
    }
    String cls = classes.of(uid, user);
    boolean isForced = forced.contains(user);
    if (exe != null && settings.mtaPrograms().stream().anyMatch(g -> Glob.matches(g, exe)) && !isForced) {
      return Optional.of(Text.of("%s is the MTA's program; name its user in host.stop-forced-users to stop it",
          "%s は MTA のプログラムです。停止するには host.stop-forced-users にユーザーを指定してください", exe));
    }
    if (UserClasses.MTA.equals(cls) && !isForced) {
      return Optional.of(Text.of("%s is an MTA user; name it in host.stop-forced-users to stop its processes",
          "%s は MTA のユーザーです。停止するには host.stop-forced-users に指定してください", user));
    }
    if (UserClasses.SYSTEM.equals(cls) && !isForced) {
      return Optional.of(Text.of("%s is a system user; name it in host.stop-forced-users to stop its processes",
          "%s はシステムユーザーです。停止するには host.stop-forced-users に指定してください", user));
    }
    return Optional.empty();
  }
}
