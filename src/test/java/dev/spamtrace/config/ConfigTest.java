package dev.spamtrace.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsLoadIntoEverySection() {
    Config c = Config.defaults();
    assertThat(c.general().lang()).isEqualTo("en");
    assertThat(c.users().web()).contains("apache", "www-data", "nobody");
    assertThat(c.users().mta()).contains("postfix", "qmailr", "Debian-exim");
  }

  @Test
  void localFileOverridesOnlyWhatItNames() throws Exception {
    Path local = tmp.resolve("local.yml");
    Files.writeString(local, "general:\n  lang: ja\nusers:\n  web: [apache]\n");
    Config c = Config.load(List.of(local));
    assertThat(c.general().lang()).isEqualTo("ja");
    assertThat(c.general().stateDir()).isEqualTo("/var/lib/spamtrace");
    assertThat(c.users().web()).containsExactly("apache");
    assertThat(c.sources()).containsExactly("classpath:" + Config.DEFAULTS, local.toString());
  }

  @Test
  void misspeltOptionIsRefusedWithItsName() throws Exception {
    Path local = tmp.resolve("local.yml");
    Files.writeString(local, "general:\n  langauge: ja\n");
    assertThatThrownBy(() -> Config.load(List.of(local))).isInstanceOf(ConfigException.class).hasMessageContaining("general.langauge");
  }

  @Test
  void missingFileNamedByTheOperatorIsAnError() {
    assertThatThrownBy(() -> Config.load(List.of(tmp.resolve("nope.yml")))).isInstanceOf(ConfigException.class);
  }

  /** The shipped file is the documentation: every option has a comment right above it. */
  @Test
  void everyShippedOptionIsDocumented() throws Exception {
    List<String> lines;
    try (var in = Config.class.getClassLoader().getResourceAsStream(Config.DEFAULTS)) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean option = l.matches("^\\s+[a-z0-9-]+:.*") && !l.trim().endsWith(":");
      if (option) {
        assertThat(lines.get(i - 1).trim()).as("comment above '%s' (line %d)", l.trim(), i + 1).startsWith("#");
      }
    }
  }
}
