package dev.spamtrace.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamtrace.config.Config;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.response.journal.Journal;
import dev.spamtrace.response.quarantine.QuarantineReversal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of quarantine: a subprocess quarantining files is killed with SIGKILL at random
 * moments (on the same file system, where a quarantine is a rename, and across file systems,
 * where it is copy, sync, verify, unlink). After each kill, every file is either in place with
 * its content or in the case folder with its record; nothing is lost. Then {@code undo} puts
 * every file back exactly.
 */
class QuarantineCrashTest {
  @TempDir Path tmp;
  static final int FILES = 30;
  static final int ROUNDS = 12;

  @Test
  void aQuarantineKilledAtRandomPointsLosesNothingAndUndoRestoresIt() throws Exception {
    Random random = new Random(20170113L);
    Path shm = Path.of("/dev/shm");
    boolean crossFs = Files.isDirectory(shm) && Files.isWritable(shm)
        && !Files.getFileStore(shm).equals(Files.getFileStore(tmp));
    List<String> stops = new ArrayList<>();
    // Round -1 and -2 run to the end, to learn how long a whole run takes here (same and across
    // file systems); the kills then fall anywhere inside that time.
    long[] full = new long[2];
    for (int round = -2; round < ROUNDS; round++) {
      boolean across = crossFs && (round == -1 || round >= 0 && round % 2 == 1);
      Path base = Files.createDirectories(tmp.resolve("round" + round));
      Path root = Files.createDirectories(base.resolve("root"));
      Path cases = across ? Files.createDirectories(shm.resolve("spamtrace-crash-" + ProcessHandle.current().pid() + "-" + round))
          : base.resolve("cases");
      try {
        Map<String, String> sha = new HashMap<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
          String sp = "/var/www/vhosts/shop.example/httpdocs/images/f" + i + ".php";
          Path f = root.resolve(sp.substring(1));
          Files.createDirectories(f.getParent());
          // Big enough that a cross-file-system copy takes a while.
          byte[] content = new byte[256 * 1024 + i];
          random.nextBytes(content);
          Files.write(f, content);
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
          sha.put(sp, SafeFiles.sha256(f));
          paths.add(sp);
        }
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
            System.getProperty("java.class.path"), QuarantineCrashChild.class.getName(), root.toString(), base.resolve("state").toString(),
            cases.toString()));
        argv.addAll(paths);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertThat(out.readLine()).isEqualTo("ready");
        long delay;
        if (round < 0) {
          long t0 = System.nanoTime();
          assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
          full[across ? 1 : 0] = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
          delay = full[across ? 1 : 0];
        } else {
          delay = (long) (random.nextDouble() * full[across ? 1 : 0]);
          Thread.sleep(delay);
          p.destroyForcibly(); // SIGKILL
          assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Journal journal = new Journal(base.resolve("state/journal.jsonl"));
        int done = (int) journal.read().entries().stream().filter(e -> e.phase().name().equals("done")).count();
        int intents = (int) journal.read().entries().stream().filter(e -> e.phase().name().equals("intent")).count();
        stops.add("round " + round + (across ? " (across file systems)" : "") + (round < 0 ? ": ran to the end in " : ": killed after ")
            + delay + " ms, " + intents + " intents, " + done + " done");

        // Nothing lost: each file is in place, or in quarantine with its record.
        for (String sp : paths) {
          Path original = root.resolve(sp.substring(1));
          boolean inPlace = Files.exists(original, LinkOption.NOFOLLOW_LINKS) && SafeFiles.sha256(original).equals(sha.get(sp));
          boolean quarantined = quarantinedCopy(cases, sp, sha.get(sp));
          assertThat(inPlace || quarantined).as("%s in round %d (killed after %d ms): in place or quarantined", sp, round, delay).isTrue();
        }

        // Undo restores everything exactly.
        ActionContext ctx = new ActionContext(HostRoot.of(root), Config.defaults(), CaseFolder.forDay(cases, LocalDate.of(2017, 1, 13)),
            Clock.systemUTC(), new SystemCommand(Duration.ofSeconds(10)));
        Undo undo = new Undo(journal, List.of(new QuarantineReversal()));
        List<Undo.Reversed> r = undo.apply(undo.candidates(h -> true), ctx);
        assertThat(r).allSatisfy(x -> assertThat(x.ok()).as(x.message().en()).isTrue());
        for (String sp : paths) {
          Path original = root.resolve(sp.substring(1));
          assertThat(original).as("%s after undo, round %d", sp, round).exists();
          assertThat(SafeFiles.sha256(original)).isEqualTo(sha.get(sp));
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(original))).isEqualTo("rw-r--r--");
        }
        try (Stream<Path> left = Files.exists(cases.resolve("20170113")) ? Files.list(cases.resolve("20170113")) : Stream.empty()) {
          assertThat(left.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".php") || n.endsWith(".part")))
              .as("quarantined copies left after undo").isEmpty();
        }
      } finally {
        if (across) {
          new ProcessBuilder("rm", "-rf", cases.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
    System.out.println(String.join("\n", stops));
  }

  /** A copy in the case folder with a record naming {@code serverPath} and matching the hash. */
  private static boolean quarantinedCopy(Path cases, String serverPath, String sha) throws Exception {
    Path day = cases.resolve("20170113");
    if (!Files.isDirectory(day)) {
      return false;
    }
    try (Stream<Path> s = Files.list(day)) {
      for (Path rec : s.filter(x -> x.getFileName().toString().endsWith(CaseFolder.QUARANTINE_RECORD_SUFFIX)).toList()) {
        JsonNode n = Journal.mapper().readTree(Files.readAllBytes(rec));
        Path copy = Path.of(n.path("quarantinedAs").asText());
        if (serverPath.equals(n.path("originalPath").asText()) && sha.equals(n.path("sha256").asText())
            && Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) && SafeFiles.sha256(copy).equals(sha)) {
          return true;
        }
      }
    }
    return false;
  }
}
