package dev.spamtrace.mailqueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands a sample queue (src/test/resources/samples/mailqueue/README.md) into messages. */
public final class SampleQueue {
  private SampleQueue() {}

  private static final Pattern MOD = Pattern.compile("\\{n%(\\d+)\\}");

  public static List<QueuedMessage> load(Path yaml, Instant now) throws Exception {
    JsonNode root = new YAMLMapper().readTree(Files.readAllBytes(yaml));
    List<QueuedMessage> out = new ArrayList<>();
    int id = 0;
    for (JsonNode g : root.path("messages")) {
      int count = g.path("count").asInt(1);
      for (int n = 0; n < count; n++) {
        String reason = text(g, "reason", n);
        List<Recipient> rcpts = new ArrayList<>();
        String rs = text(g, "recipient", n);
        if (rs != null) {
          for (String r : rs.split(",")) {
            rcpts.add(new Recipient(r.strip(), true, reason));
          }
        }
        String sender = text(g, "sender", n);
        String script = text(g, "script", n);
        Integer uid = g.has("uid") ? g.get("uid").asInt() : null;
        Instant arrival = now.minus(Duration.ofMinutes(g.path("minutes-ago").asInt(30) + n % 7));
        out.add(new QueuedMessage(Mta.POSTFIX, String.format("S%08X", id++), reason == null ? "active" : "deferred", arrival,
            "<>".equals(sender) ? "" : sender, rcpts, 1000, sender == null ? null : "<" + sender + ">", text(g, "subject", n),
            OriginatingScript.parse(script), null, uid, null, text(g, "auth", n), text(g, "client", n), null, null, null,
            g.path("bulk").asBoolean(false), List.of()));
      }
    }
    return out;
  }

  static String text(JsonNode g, String field, int n) {
    if (!g.has(field)) {
      return null;
    }
    String s = g.get(field).asText();
    Matcher m = MOD.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, String.valueOf(n % Integer.parseInt(m.group(1))));
    }
    m.appendTail(b);
    return b.toString().replace("{n}", String.valueOf(n));
  }
}
