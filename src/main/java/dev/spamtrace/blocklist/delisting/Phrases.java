package dev.spamtrace.blocklist.delisting;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The words the delisting message uses for journaled actions and their causes ({@code blocklist/journal-phrases.yml}). */
public record Phrases(List<ActionPhrase> actions, List<CausePhrase> causes, List<CausePhrase> clear, List<String> ignore) {
  public Phrases {
    ignore = ignore == null ? List.of() : List.copyOf(ignore);
  }

  public static final String RESOURCE = "blocklist/journal-phrases.yml";

  public record ActionPhrase(List<String> types, String one, String many, String counted, String ja) {}

  public record CausePhrase(String kind, String en, String ja) {}

  public static Phrases shipped() {
    ObjectMapper m = new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    try (InputStream in = Phrases.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return m.readValue(in, Phrases.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ActionPhrase forType(String type) {
    for (ActionPhrase p : actions) {
      if (p.types().contains(type)) {
        return p;
      }
    }
    return null;
  }
}
