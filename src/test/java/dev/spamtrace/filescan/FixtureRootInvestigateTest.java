package dev.spamtrace.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.filescan.rules.RuleFile;
import dev.spamtrace.filescan.rules.RuleSet;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.InspectionContext;
import dev.spamtrace.incident.Investigation;
import dev.spamtrace.testing.RealComponent;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code investigate} on a fixture root: a Plesk server whose customer runs the real WordPress
 * (Debian's package, copied in) with shells and mailers planted in it, plain and packed. Exactly
 * the planted files are malicious; WordPress itself gives none.
 */
class FixtureRootInvestigateTest {
  @TempDir Path tmp;

  static String sample(String family, String name) {
    for (RuleFile f : RuleSet.bundled().files()) {
      if (f.family().equals(family)) {
        return f.samples().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().content();
      }
    }
    throw new IllegalArgumentException(family);
  }

  @Test
  void findsThePlantedFilesAndNothingInWordPress() throws Exception {
    Path wp = Path.of("/usr/share/wordpress");
    RealComponent.require(Files.isDirectory(wp.resolve("wp-includes")), "Debian's wordpress package (.ci/components/cms-trees.sh)");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path docroot = Files.createDirectories(root.resolve("var/www/vhosts/blog.example/httpdocs"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/bash\napache:x:48:48::/usr/share/httpd:/sbin/nologin\n"
        + "blog:x:10020:1004::/var/www/vhosts/blog.example:/bin/false\n");
    FileTime old = FileTime.fromMillis(1_600_000_000_000L);
    Files.walkFileTree(wp, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws java.io.IOException {
        Files.createDirectories(docroot.resolve(wp.relativize(d).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws java.io.IOException {
        if (a.isRegularFile()) {
          Path dest = docroot.resolve(wp.relativize(f).toString());
          Files.copy(f, dest);
          Files.setLastModifiedTime(dest, old);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    Set<String> planted = Set.of(
        "wp-content/uploads/2024/05/cache.php",      // packed WSO
        "wp-includes/css/dist/block-library/c.php",  // leaf-style mailer
        "wp-admin/.maint.php",                       // weevely agent, hidden
        "wp-content/themes/twentytwentyone/404.php"); // appended one-liner in a theme file
    Files.createDirectories(docroot.resolve("wp-content/uploads/2024/05"));
    Files.createDirectories(docroot.resolve("wp-content/themes/twentytwentyone"));
    Files.writeString(docroot.resolve("wp-content/uploads/2024/05/cache.php"), sample("filesman-wso", "wso-packed-preg-replace-e"));
    Files.writeString(docroot.resolve("wp-includes/css/dist/block-library/c.php"), sample("mailer", "leaf-style-kit"));
    Files.writeString(docroot.resolve("wp-admin/.maint.php"), sample("weevely", "weevely3-generated-scrambled"));
    Files.writeString(docroot.resolve("wp-content/themes/twentytwentyone/404.php"), sample("chopper", "appended-to-a-page"));

    Investigation.Outcome o = new Investigation(List.of(new FileScanInspector()))
        .run(HostRoot.of(root), Config.defaults(), Clock.systemUTC(), InspectionContext.Options.once());
    List<Finding> malicious = o.findings().stream().filter(f -> f.kind() == FindingKind.MALICIOUS_FILE).toList();
    assertThat(malicious.stream().map(f -> (String) f.evidence().get("docroot-path")).collect(Collectors.toSet()))
        .as("malicious files: %s", malicious.stream().map(f -> f.subject() + " " + f.evidence().get("rules")).toList())
        .isEqualTo(planted);
    assertThat(malicious).allSatisfy(f -> assertThat(f.evidence()).containsEntry("domain", "blog.example"));
    long suspicious = o.findings().stream().filter(f -> f.kind() == FindingKind.SUSPICIOUS_FILE).count();
    System.out.println("fixture with WordPress: " + malicious.size() + " malicious, " + suspicious + " suspicious: "
        + o.findings().stream().filter(f -> f.kind() == FindingKind.SUSPICIOUS_FILE).map(Finding::subject).toList());
  }
}
