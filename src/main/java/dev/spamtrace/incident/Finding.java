package dev.spamtrace.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One observation with its evidence.
 *
 * @param id stable for the same kind, server and subject, so later runs and plans can refer to it
 * @param kind from the documented list
 * @param severity how urgent
 * @param server the root it was seen on ({@code /} for the live server)
 * @param subject what it is about, as seen on the server: a path, {@code pid:1234}, an address, an
 *     account, a queue
 * @param summary one sentence
 * @param reasons every reason this is a finding, each stated on its own
 * @param evidence structured facts (JSON-serialisable values), in a stable order
 * @param source the inspector that made it
 */
public record Finding(
    String id,
    FindingKind kind,
    Severity severity,
    String server,
    String subject,
    Text summary,
    List<Text> reasons,
    Map<String, Object> evidence,
    String source) {

  public Finding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(summary, "summary");
    reasons = List.copyOf(reasons);
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  public static Builder builder(FindingKind kind, String subject) {
    return new Builder(kind, subject);
  }

  /** A stable id: the same kind, server and subject always give the same id. */
  public static String idFor(FindingKind kind, String server, String subject) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest((kind.id() + "\0" + server + "\0" + subject).getBytes(StandardCharsets.UTF_8));
      return kind.id() + "-" + HexFormat.of().formatHex(h, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds findings; evidence keeps insertion order so the JSON is stable. */
  public static final class Builder {
    private final FindingKind kind;
    private final String subject;
    private Severity severity = Severity.MEDIUM;
    private String server = "/";
    private Text summary;
    private final List<Text> reasons = new ArrayList<>();
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private String source = "";

    private Builder(FindingKind kind, String subject) {
      this.kind = kind;
      this.subject = subject;
    }

    public Builder severity(Severity s) {
      this.severity = s;
      return this;
    }

    public Builder server(String s) {
      this.server = s;
      return this;
    }

    public Builder summary(Text t) {
      this.summary = t;
      return this;
    }

    public Builder reason(Text t) {
      reasons.add(t);
      return this;
    }

    public Builder reasons(List<Text> ts) {
      reasons.addAll(ts);
      return this;
    }

    public Builder evidence(String key, Object value) {
      if (value != null) {
        evidence.put(key, value);
      }
      return this;
    }

    public Builder source(String s) {
      this.source = s;
      return this;
    }

    public Finding build() {
      Text s = summary != null ? summary : Text.same(kind.id() + ": " + subject);
      return new Finding(idFor(kind, server, subject), kind, severity, server, subject, s, reasons, evidence, source);
    }
  }
}
