package dev.spamtrace.cli;

import dev.spamtrace.config.Config;
import dev.spamtrace.config.GeneralSettings;
import dev.spamtrace.incident.Lang;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: which configuration, which state folder, which language. */
public final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "extra configuration file (over the defaults and /etc/spamtrace/spamtrace.yml)")
  Path config;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "journal and history folder (default: general.state-dir)")
  Path stateDir;

  @Option(names = "--case-root", paramLabel = "DIR", description = "where case folders are made (default: general.case-root)")
  Path caseRoot;

  @Option(names = "--lang", paramLabel = "ja|en", description = "report language (default: general.lang)")
  String lang;

  private Config loaded;

  public Config config() {
    if (loaded == null) {
      loaded = Config.forRun(config);
    }
    return loaded;
  }

  public Lang lang() {
    return Lang.parse(lang != null ? lang : config().general().lang());
  }

  public Path stateDir() {
    GeneralSettings g = config().general();
    return stateDir != null ? stateDir : Path.of(g.stateDir());
  }

  public Path caseRoot() {
    if (caseRoot != null) {
      return caseRoot;
    }
    String configured = config().general().caseRoot();
    return configured == null || configured.isBlank() ? stateDir().resolve("cases") : Path.of(configured);
  }
}
