package dev.spamtrace.correlate;

import dev.spamtrace.correlate.Incident.Confidence;
import dev.spamtrace.correlate.Incident.Edge;
import dev.spamtrace.correlate.Incident.Node;
import dev.spamtrace.correlate.Incident.NodeKind;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.correlate.Incident.Step;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph while it is built: nodes by id, edges, story steps; then cut into incidents (its
 * connected parts). Only the correlator writes it; incidents are immutable once made.
 */
final class ChainGraph {
  private final String server;
  private final Map<String, MutableNode> nodes = new LinkedHashMap<>();
  private final Map<String, Edge> edges = new LinkedHashMap<>();
  private final List<PendingStep> steps = new ArrayList<>();

  private static final class MutableNode {
    final String id;
    final NodeKind kind;
    String label;
    final Set<String> findings = new LinkedHashSet<>();

    MutableNode(String id, NodeKind kind, String label) {
      this.id = id;
      this.kind = kind;
      this.label = label;
    }
  }

  private record PendingStep(Step step, List<String> nodes, java.time.Instant when, int order) {}

  ChainGraph(String server) {
    this.server = server;
  }

  /** The node, made when missing. */
  String node(String id, NodeKind kind, String label) {
    nodes.computeIfAbsent(id, k -> new MutableNode(id, kind, label));
    return id;
  }

  boolean has(String id) {
    return nodes.containsKey(id);
  }

  /** Attaches a finding to a node (made when missing). */
  String finding(String id, NodeKind kind, String label, Finding f) {
    node(id, kind, label);
    nodes.get(id).findings.add(f.id());
    return id;
  }

  List<String> findingsOf(String id) {
    MutableNode n = nodes.get(id);
    return n == null ? List.of() : List.copyOf(n.findings);
  }

  /** Adds a link; a second link of the same relation between the same nodes keeps the first. */
  void edge(String from, String to, String relation, Confidence c, Text text, List<String> evidence) {
    if (!nodes.containsKey(from) || !nodes.containsKey(to) || from.equals(to)) {
      throw new IllegalArgumentException("edge between unknown nodes " + from + " → " + to);
    }
    edges.putIfAbsent(from + "\0" + to + "\0" + relation, new Edge(from, to, relation, c, text, evidence));
  }

  boolean linked(String from, String to) {
    for (Edge e : edges.values()) {
      if (e.from().equals(from) && e.to().equals(to) || e.from().equals(to) && e.to().equals(from)) {
        return true;
      }
    }
    return false;
  }

  /** A story step about the given nodes. */
  void step(Stage stage, Text text, List<String> evidence, List<String> findings, String... about) {
    step(stage, null, text, evidence, findings, about);
  }

  /** A story step that happened at {@code when}: steps of one stage are told in time order. */
  void step(Stage stage, java.time.Instant when, Text text, List<String> evidence, List<String> findings, String... about) {
    steps.add(new PendingStep(new Step(stage, text, evidence, findings), List.of(about), when, steps.size()));
  }

  /**
   * The incidents: each connected part that has a link, or a finding of high severity or more.
   * Severity is the most severe finding's; the id is stable for the same server and the same
   * first node.
   */
  List<Incident> incidents(Map<String, Finding> findingsById) {
    Map<String, List<String>> adjacent = new HashMap<>();
    for (Edge e : edges.values()) {
      adjacent.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
      adjacent.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
    }
    Set<String> seen = new HashSet<>();
    List<Incident> out = new ArrayList<>();
    for (String start : nodes.keySet()) {
      if (!seen.add(start)) {
        continue;
      }
      Set<String> part = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(List.of(start));
      while (!todo.isEmpty()) {
        String n = todo.pop();
        part.add(n);
        for (String m : adjacent.getOrDefault(n, List.of())) {
          if (seen.add(m)) {
            todo.push(m);
          }
        }
      }
      List<Edge> partEdges = edges.values().stream().filter(e -> part.contains(e.from())).toList();
      Set<String> fids = new LinkedHashSet<>();
      part.forEach(n -> fids.addAll(nodes.get(n).findings));
      Severity sev = fids.stream().map(findingsById::get).filter(java.util.Objects::nonNull).map(Finding::severity)
          .max(Comparator.naturalOrder()).orElse(Severity.INFO);
      if (fids.isEmpty() || partEdges.isEmpty() && !sev.atLeast(Severity.HIGH)) {
        continue;
      }
      List<Node> partNodes = new ArrayList<>();
      for (String n : part) {
        MutableNode m = nodes.get(n);
        partNodes.add(new Node(m.id, m.kind, m.label, server, List.copyOf(m.findings)));
      }
      partNodes.sort(Comparator.comparing(Node::kind).thenComparing(Node::id));
      List<Step> story = steps.stream().filter(s -> s.nodes().stream().anyMatch(part::contains))
          .sorted(Comparator.comparing((PendingStep s) -> s.step().stage())
              .thenComparing(PendingStep::when, Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(PendingStep::order))
          .map(PendingStep::step).toList();
      String root = partNodes.get(0).id();
      out.add(new Incident(idFor(server, root), server, sev, title(partNodes, fids.size(), partEdges.size()), partNodes, partEdges, story,
          List.copyOf(fids)));
    }
    out.sort(Comparator.comparing(Incident::severity).reversed().thenComparing(Incident::id));
    return out;
  }

  static String idFor(String server, String rootNode) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((server + "\0" + rootNode).getBytes(StandardCharsets.UTF_8));
      return "incident-" + HexFormat.of().formatHex(h, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Text title(List<Node> nodes, int findings, int links) {
    List<String> parts = new ArrayList<>();
    List<String> ja = new ArrayList<>();
    count(nodes, NodeKind.QUEUE, "queue", "キュー", parts, ja);
    count(nodes, NodeKind.FILE, "file(s)", "ファイル", parts, ja);
    count(nodes, NodeKind.ACCOUNT, "account(s)", "アカウント", parts, ja);
    count(nodes, NodeKind.ADDRESS, "address(es)", "アドレス", parts, ja);
    count(nodes, NodeKind.PROCESS, "process(es)", "プロセス", parts, ja);
    count(nodes, NodeKind.CRON, "cron entr(y/ies)", "cron", parts, ja);
    count(nodes, NodeKind.PAYLOAD, "payload(s)", "ペイロード", parts, ja);
    return new Text(String.format("%d findings linked by %d edges: %s", findings, links, String.join(", ", parts)),
        String.format("検出 %d 件を %d 本の関連で結んだインシデント: %s", findings, links, String.join("、", ja)));
  }

  private static void count(List<Node> nodes, NodeKind k, String en, String ja, List<String> out, List<String> outJa) {
    long n = nodes.stream().filter(x -> x.kind() == k).count();
    if (n > 0) {
      out.add(n + " " + en);
      outJa.add(ja + " " + n);
    }
  }
}
