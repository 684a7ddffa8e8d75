package dev.spamtrace.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The report as the stable JSON document scripts read (docs/report-json.md). */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private ReportJson() {}

  public static String render(Report r) {
    try {
      return MAPPER.writeValueAsString(r) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mapper used for reports, shared so every JSON spamtrace writes looks the same. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
