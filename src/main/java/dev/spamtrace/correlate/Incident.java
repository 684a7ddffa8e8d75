package dev.spamtrace.correlate;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.util.List;
import java.util.Locale;

/**
 * One outbreak as a graph, the unit people act on, report and close: the queued mail, the scripts
 * that sent it, the POSTs that drove them, the FTP upload that placed them, the account and the
 * address behind it, every other file, process, cron entry and payload tied to them. Nodes are
 * findings and the entities between them; each edge says which evidence supports it and how
 * sure the link is. The story is the same graph told in the field guide's order.
 *
 * @param id stable for the same server and the same root node
 * @param server the root it was seen on, or {@code fleet} for an incident across servers
 * @param severity the most severe of its findings
 * @param title one sentence
 * @param nodes findings and entities
 * @param edges links between nodes, each with its evidence
 * @param story the chain in order (queue, scripts, POSTs, upload, account, address, other files,
 *     processes and cron, the rest)
 * @param findings ids of every finding in it
 */
public record Incident(
    String id, String server, Severity severity, Text title, List<Node> nodes, List<Edge> edges, List<Step> story, List<String> findings) {

  public Incident {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    story = List.copyOf(story);
    findings = List.copyOf(findings);
  }

  /**
   * A finding or an entity between findings.
   *
   * @param id unique in the incident: {@code file:/var/www/…/css.php}, {@code ftp:shopuser},
   *     {@code address:81.2.69.160}, {@code queue:postfix:/var/spool/postfix}, {@code pid:123}
   * @param kind what it is
   * @param label how reports name it (attacker-controlled: print through Printable or escape)
   * @param server the root it is on
   * @param findings ids of the findings about it (none for a pure entity such as a script header)
   */
  public record Node(String id, NodeKind kind, String label, String server, List<String> findings) {
    public Node {
      findings = List.copyOf(findings);
    }
  }

  /**
   * A link and why it holds.
   *
   * @param from node id
   * @param to node id
   * @param relation what the link is ({@code sent}, {@code posted-to}, {@code uploaded}, …)
   * @param confidence how sure
   * @param text the link as a sentence
   * @param evidence the lines or facts that support it ({@code FILE:LINE: line} for log lines)
   */
  public record Edge(String from, String to, String relation, Confidence confidence, Text text, List<String> evidence) {
    public Edge {
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * One step of the story.
   *
   * @param stage where it sits in the chain
   * @param text what happened
   * @param evidence the lines that show it (a few; the findings hold the rest)
   * @param findings the findings it tells of
   */
  public record Step(Stage stage, Text text, List<String> evidence, List<String> findings) {
    public Step {
      evidence = List.copyOf(evidence);
      findings = List.copyOf(findings);
    }
  }

  /** What a node is. */
  public enum NodeKind {
    QUEUE, SCRIPT_HEADER, FILE, POSTS, ACCOUNT, ADDRESS, MAILBOX, PROCESS, CRON, PAYLOAD, FOLDER, SITE, LISTING, SERVER;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** How sure a link is. */
  public enum Confidence {
    /** the same identifier on both sides (a path in a log and the file; a pid and its cron entry). */
    CERTAIN,
    /** several independent facts agree (name and owner uid; path and upload time). */
    STRONG,
    /** one fact agrees (a name only; a time only). */
    LIKELY,
    /** circumstantial (close in time, same user class). */
    WEAK;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public String label(dev.spamtrace.incident.Lang lang) {
      if (lang == dev.spamtrace.incident.Lang.JA) {
        return switch (this) {
          case CERTAIN -> "確実";
          case STRONG -> "強い";
          case LIKELY -> "可能性大";
          case WEAK -> "弱い";
        };
      }
      return id();
    }
  }

  /** The stages of the story, in the field guide's order. */
  public enum Stage {
    QUEUE("the mail queue", "メールキュー"),
    SCRIPTS("the scripts that sent it", "送信したスクリプト"),
    POSTS("the POSTs that drove them", "スクリプトへの POST"),
    UPLOAD("the FTP upload that placed them", "設置した FTP アップロード"),
    ACCOUNT("the account", "アカウント"),
    ADDRESS("the attacker's address", "攻撃元アドレス"),
    OTHER_FILES("the other files they placed", "他に設置されたファイル"),
    PERSISTENCE("processes, cron and payloads", "プロセス・cron・ペイロード"),
    DAMAGE("folders, sites and blocklists", "フォルダ・サイト・ブラックリスト"),
    FLEET("other servers", "他のサーバ");

    private final String en;
    private final String ja;

    Stage(String en, String ja) {
      this.en = en;
      this.ja = ja;
    }

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Text title() {
      return new Text(en, ja);
    }
  }
}
