package dev.spamtrace.response;

import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.quarantine.QuarantineFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link QuarantineCrashTest} in its own JVM, to be killed with SIGKILL at a random
 * moment: quarantines every file named on the command line. Args: ROOT STATE CASES SERVERPATH…
 */
public final class QuarantineCrashChild {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Journal journal = new Journal(Path.of(args[1]).resolve("journal.jsonl"));
    ActionContext ctx = new ActionContext(HostRoot.of(root), Config.defaults(),
        CaseFolder.forDay(Path.of(args[2]), LocalDate.of(2017, 1, 13)), Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(10)));
    List<Action> actions = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String p = args[i];
      actions.add(new QuarantineFile(p, "shop.example", p.substring(p.indexOf("httpdocs/") + 9), List.of("test"), List.of("f" + i)));
    }
    System.out.println("ready");
    System.out.flush();
    new Responder(journal).apply(new Plan(actions), ctx);
    System.out.println("finished");
  }
}
