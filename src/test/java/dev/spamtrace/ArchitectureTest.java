package dev.spamtrace;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * House rules the build enforces: readers observe and never change the system. Only
 * {@code response} acts; only {@code cli.Main} exits.
 */
class ArchitectureTest {
  /** Packages that only read: they may not use {@code response}, nor write, delete or run anything. */
  static final String[] READERS = {
    "dev.spamtrace.hostroot..", "dev.spamtrace.incident..", "dev.spamtrace.report..", "dev.spamtrace.config..",
    "dev.spamtrace.mailqueue..", "dev.spamtrace.filescan..", "dev.spamtrace.host..", "dev.spamtrace.logs..",
    "dev.spamtrace.geoip..", "dev.spamtrace.correlate..",
    "dev.spamtrace.blocklist", "dev.spamtrace.blocklist.zones..", "dev.spamtrace.blocklist.dns.."
  };

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.spamtrace");
  }

  @Test
  void readersDoNotImportResponse() {
    noClasses().that().resideInAnyPackage(READERS).should().dependOnClassesThat().resideInAnyPackage("dev.spamtrace.response..")
        .because("readers observe; only response changes the system").check(classes);
  }

  @Test
  void readersDoNotWriteDeleteOrRunPrograms() {
    noClasses().that().resideInAnyPackage(READERS).should()
        .callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a method that changes files or starts a program",
            call -> {
              String owner = call.getTarget().getOwner().getName();
              String name = call.getTarget().getName();
              if (owner.equals("java.nio.file.Files")) {
                return name.startsWith("write") || name.startsWith("delete") || name.equals("move") || name.equals("copy")
                    || name.startsWith("create") || name.startsWith("set") || name.equals("newOutputStream")
                    || name.equals("newBufferedWriter");
              }
              if (owner.equals("java.io.File")) {
                return name.equals("delete") || name.equals("renameTo") || name.startsWith("set") || name.startsWith("mkdir");
              }
              return owner.equals("java.lang.ProcessBuilder") && name.equals("start")
                  || owner.equals("java.lang.Runtime") && name.equals("exec");
            }))
        .because("readers never change the system they inspect").check(classes);
  }

  @Test
  void onlyMainExits() {
    noClasses().that().doNotHaveFullyQualifiedName("dev.spamtrace.cli.Main").should()
        .callMethod(System.class, "exit", int.class).check(classes);
  }
}
