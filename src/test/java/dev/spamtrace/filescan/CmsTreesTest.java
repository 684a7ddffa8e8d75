package dev.spamtrace.filescan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamtrace.config.Config;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.testing.RealComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * False positives cost the operators' trust: the real CMS trees Debian installs
 * ({@code .ci/components/cms-trees.sh}: WordPress, phpMyAdmin, PHPMailer, Roundcube, DokuWiki,
 * MediaWiki, Laravel, Symfony, SwiftMailer, TCPDF, getID3, Zabbix, Tiny Tiny RSS) must give no
 * {@code malicious-file} at all. The suspicious count is printed for the record.
 */
public class CmsTreesTest {
  public static final List<String> TREES = List.of("/usr/share/wordpress", "/usr/share/phpmyadmin", "/usr/share/php/libphp-phpmailer",
      "/usr/share/roundcube", "/usr/share/dokuwiki", "/usr/share/mediawiki", "/usr/share/php", "/usr/share/zabbix", "/usr/share/tt-rss");

  @Test
  void realCmsTreesGiveNoMaliciousFile() {
    List<Path> present = TREES.stream().map(Path::of).filter(Files::isDirectory).toList();
    RealComponent.require(present.stream().anyMatch(p -> p.endsWith("wordpress"))
        && present.stream().anyMatch(p -> p.endsWith("phpmyadmin")) && present.stream().anyMatch(p -> p.endsWith("roundcube"))
        && present.stream().anyMatch(p -> p.endsWith("dokuwiki")) && Files.isDirectory(Path.of("/usr/share/php/libphp-phpmailer")),
        "the Debian CMS packages (.ci/components/cms-trees.sh)");
    // /usr/share/php holds libphp-phpmailer too; scan it once.
    List<Path> roots = present.stream().filter(p -> !p.toString().equals("/usr/share/php/libphp-phpmailer")).toList();
    PathScan.Result r = PathScan.scan(roots, Config.defaults());
    List<Finding> malicious = r.findings().stream().filter(f -> f.kind() == FindingKind.MALICIOUS_FILE).toList();
    long suspicious = r.findings().stream().filter(f -> f.kind() == FindingKind.SUSPICIOUS_FILE).count();
    System.out.printf("CMS trees: %d files, %d holding PHP scanned (%.1f MB): %d malicious, %d suspicious%n%s%n",
        r.files(), r.scanned(), r.bytes() / 1e6, malicious.size(), suspicious,
        r.findings().stream().map(f -> f.kind().id() + " " + f.subject() + " " + f.evidence().get("rules")).collect(Collectors.joining("\n")));
    assertThat(r.scanned()).isGreaterThan(10_000);
    assertThat(malicious).as("malicious-file findings in legitimate CMS code").isEmpty();
  }
}
