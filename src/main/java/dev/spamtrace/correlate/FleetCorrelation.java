package dev.spamtrace.correlate;

import dev.spamtrace.correlate.Incident.Confidence;
import dev.spamtrace.correlate.Incident.Edge;
import dev.spamtrace.correlate.Incident.Node;
import dev.spamtrace.correlate.Incident.NodeKind;
import dev.spamtrace.correlate.Incident.Stage;
import dev.spamtrace.correlate.Incident.Step;
import dev.spamtrace.hostroot.HostRoot;
import dev.spamtrace.incident.Finding;
import dev.spamtrace.incident.FindingKind;
import dev.spamtrace.incident.Severity;
import dev.spamtrace.incident.Text;
import dev.spamtrace.logs.EventKind;
import dev.spamtrace.logs.LogEvent;
import dev.spamtrace.logs.LogIndex;
import dev.spamtrace.logs.detect.ServerAccounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pivot across servers, after every root was investigated on its own (field guide row 4: the
 * same foreign address logged into several shared servers). Each attacker address any root
 * found is looked up in every root's logs: where it logged into FTP and that root did not see a
 * compromise (one login from an address never seen there is no sign on its own), the account is
 * reported compromised there too, with the address's deeds on the other server as the reason. An
 * address, or the same malicious file (SHA-256), seen on two servers or more makes a fleet
 * incident linking each server's part.
 */
public final class FleetCorrelation {
  public static final String SERVER = "fleet";

  /** What the pivot sees of one root. */
  public record RootView(HostRoot root, String server, List<Finding> findings, LogIndex logs, List<Incident> incidents) {}

  /** What it adds: findings per server (by the root's label) and the incidents across servers. */
  public record Result(Map<String, List<Finding>> added, List<Incident> incidents) {}

  private FleetCorrelation() {}

  public static Result link(List<RootView> roots) {
    Map<String, List<Finding>> added = new LinkedHashMap<>();
    List<Incident> incidents = new ArrayList<>();
    if (roots.size() < 2) {
      return new Result(added, incidents);
    }
    // Every attacker address, with the server and accounts it compromised there.
    Map<String, Map<String, Set<String>>> origin = new TreeMap<>();
    for (RootView r : roots) {
      for (Finding f : r.findings()) {
        if (f.kind() == FindingKind.ATTACKER_ADDRESS) {
          Set<String> accs = origin.computeIfAbsent(f.subject(), k -> new LinkedHashMap<>()).computeIfAbsent(r.server(), k -> new TreeSet<>());
          if (f.evidence().get("accounts") instanceof List<?> l) {
            l.forEach(a -> accs.add(String.valueOf(a)));
          }
        } else if (f.kind() == FindingKind.FTP_ACCOUNT_COMPROMISE && f.evidence().get("addresses") instanceof List<?> l) {
          for (Object a : l) {
            origin.computeIfAbsent(String.valueOf(a), k -> new LinkedHashMap<>()).computeIfAbsent(r.server(), k -> new TreeSet<>())
                .add(f.subject().substring(f.subject().indexOf(':') + 1));
          }
        }
      }
    }
    for (Map.Entry<String, Map<String, Set<String>>> o : origin.entrySet()) {
      String address = o.getKey();
      String fromText = describe(o.getValue());
      List<Node> nodes = new ArrayList<>();
      List<Edge> edges = new ArrayList<>();
      List<Step> story = new ArrayList<>();
      Set<String> fids = new LinkedHashSet<>();
      String addrNode = "address:" + address;
      for (RootView r : roots) {
        List<LogEvent> theirs = r.logs().byAddress(address);
        Set<String> logins = new TreeSet<>();
        List<LogEvent> ftp = new ArrayList<>();
        Set<String> uploaded = new TreeSet<>();
        int requests = 0;
        for (LogEvent e : theirs) {
          if (e.kind() == EventKind.FTP_LOGIN && e.user() != null) {
            logins.add(e.user());
          }
          if (LogIndex.isFtp(e)) {
            ftp.add(e);
          }
          if (e.kind() == EventKind.FTP_UPLOAD && e.path() != null) {
            uploaded.add(e.user() + "\0" + e.path()); // vsftpd's log and xferlog both record one upload
          }
          requests += e.kind() == EventKind.WEB_REQUEST ? 1 : 0;
        }
        boolean known = o.getValue().containsKey(r.server());
        if (theirs.isEmpty() && !known) {
          continue;
        }
        // Accounts it logged into here that this root did not call compromised.
        if (!known || !logins.isEmpty()) {
          for (String user : logins) {
            if (hasCompromise(r.findings(), user) || o.getValue().getOrDefault(r.server(), Set.of()).contains(user)) {
              continue;
            }
            Finding f = compromise(r, user, address, fromText, ftp);
            added.computeIfAbsent(r.server(), k -> new ArrayList<>()).add(f);
            fids.add(f.id());
          }
          if (!known && !logins.isEmpty()) {
            Finding a = attacker(r, address, fromText, logins, theirs);
            added.computeIfAbsent(r.server(), k -> new ArrayList<>()).add(a);
            fids.add(a.id());
          }
        }
        String serverNode = "server:" + r.server();
        List<String> partIds = new ArrayList<>();
        for (Incident i : r.incidents()) {
          if (i.nodes().stream().anyMatch(n -> n.id().equals(addrNode))) {
            partIds.add(i.id());
            fids.addAll(i.findings());
          }
        }
        for (Finding f : r.findings()) {
          if (f.kind() == FindingKind.ATTACKER_ADDRESS && f.subject().equals(address)
              || f.kind() == FindingKind.FTP_ACCOUNT_COMPROMISE && f.evidence().get("addresses") instanceof List<?> l && l.contains(address)) {
            fids.add(f.id());
          }
        }
        nodes.add(new Node(serverNode, NodeKind.SERVER, r.server() + (partIds.isEmpty() ? "" : " " + String.join(", ", partIds)), r.server(),
            List.of()));
        int uploads = uploaded.size();
        List<String> ev = theirs.stream().filter(LogIndex::isFtp).limit(5).map(e -> r.server() + " " + e.evidence()).toList();
        Text t = Text.of("on %s: FTP logins as %s, %d upload(s), %d web request(s)", "%s で: FTP ログイン %s、アップロード %d 件、Web リクエスト %d 回",
            r.server(), logins.isEmpty() ? "-" : String.join(", ", logins), uploads, requests);
        edges.add(new Edge(addrNode, serverNode, "touched", logins.isEmpty() && uploads == 0 ? Confidence.LIKELY : Confidence.CERTAIN, t, ev));
        story.add(new Step(Stage.FLEET, new Text(address + " " + t.en(), address + " " + t.ja()), ev, List.of()));
      }
      if (nodes.size() < 2) {
        continue;
      }
      nodes.add(0, new Node(addrNode, NodeKind.ADDRESS, address, SERVER, List.of()));
      incidents.add(new Incident(ChainGraph.idFor(SERVER, addrNode), SERVER, severity(roots, fids),
          Text.of("%s touched %d servers", "%s が %d 台のサーバに侵入", address, nodes.size() - 1), nodes, edges, story, List.copyOf(fids)));
    }
    sameFiles(roots, incidents);
    return new Result(added, incidents);
  }

  /** The same malicious file (by SHA-256) on several servers: the same kit, the same attacker. */
  private static void sameFiles(List<RootView> roots, List<Incident> incidents) {
    Map<String, Map<String, Finding>> byHash = new TreeMap<>();
    for (RootView r : roots) {
      for (Finding f : r.findings()) {
        if (f.kind() == FindingKind.MALICIOUS_FILE && f.evidence().get("sha256") instanceof String h) {
          byHash.computeIfAbsent(h, k -> new LinkedHashMap<>()).putIfAbsent(r.server(), f);
        }
      }
    }
    for (Map.Entry<String, Map<String, Finding>> h : byHash.entrySet()) {
      if (h.getValue().size() < 2) {
        continue;
      }
      String hashNode = "sha256:" + h.getKey();
      List<Node> nodes = new ArrayList<>();
      List<Edge> edges = new ArrayList<>();
      List<Step> story = new ArrayList<>();
      nodes.add(new Node(hashNode, NodeKind.FILE, "sha256 " + h.getKey(), SERVER, List.of()));
      List<String> fids = new ArrayList<>();
      for (Map.Entry<String, Finding> e : h.getValue().entrySet()) {
        Finding f = e.getValue();
        String n = "file:" + e.getKey() + ":" + f.subject();
        nodes.add(new Node(n, NodeKind.FILE, f.subject(), e.getKey(), List.of(f.id())));
        Text t = Text.of("the same file is %s on %s", "同じファイルが %2$s の %1$s にある", f.subject(), e.getKey());
        edges.add(new Edge(hashNode, n, "same-file", Confidence.CERTAIN, t, List.of("sha256 " + h.getKey())));
        story.add(new Step(Stage.FLEET, t, List.of(), List.of(f.id())));
        fids.add(f.id());
      }
      Severity sev = h.getValue().values().stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.HIGH);
      incidents.add(new Incident(ChainGraph.idFor(SERVER, hashNode), SERVER, sev, Text.of("the same malicious file on %d servers",
          "同じ不正ファイルが %d 台のサーバに", h.getValue().size()), nodes, edges, story, fids));
    }
  }

  private static Severity severity(List<RootView> roots, Set<String> ids) {
    Severity s = Severity.HIGH;
    for (RootView r : roots) {
      for (Finding f : r.findings()) {
        if (ids.contains(f.id()) && f.severity().compareTo(s) > 0) {
          s = f.severity();
        }
      }
    }
    return s;
  }

  private static boolean hasCompromise(List<Finding> findings, String user) {
    return findings.stream().anyMatch(f -> f.kind() == FindingKind.FTP_ACCOUNT_COMPROMISE && f.subject().equals("ftp:" + user));
  }

  private static String describe(Map<String, Set<String>> origin) {
    List<String> parts = new ArrayList<>();
    origin.forEach((server, accs) -> parts.add((accs.isEmpty() ? "?" : String.join(", ", accs)) + " on " + server));
    return String.join("; ", parts);
  }

  private static Finding compromise(RootView r, String user, String address, String fromText, List<LogEvent> ftp) {
    ServerAccounts accounts = ServerAccounts.read(r.root());
    List<LogEvent> mine = ftp.stream().filter(e -> user.equals(e.user()) || e.user() == null).toList();
    List<String> uploaded = new ArrayList<>();
    List<LogEvent> logins = new ArrayList<>();
    for (LogEvent e : mine) {
      if (e.kind() == EventKind.FTP_UPLOAD) {
        String p = accounts.serverPath(user, e.path());
        if (p != null && !uploaded.contains(p)) {
          uploaded.add(p);
        }
      } else if (e.kind() == EventKind.FTP_LOGIN) {
        logins.add(e);
      }
    }
    List<Text> reasons = new ArrayList<>();
    reasons.add(Text.of("logged in from %s, the address that compromised %s", "%s からログイン (%s を不正利用したアドレス)", address, fromText));
    if (!uploaded.isEmpty()) {
      reasons.add(Text.of("%d file(s) uploaded from it: %s", "そのアドレスから %d 件のファイルをアップロード: %s", uploaded.size(),
          String.join(", ", uploaded.subList(0, Math.min(10, uploaded.size())))));
    }
    return Finding.builder(FindingKind.FTP_ACCOUNT_COMPROMISE, "ftp:" + user).server(r.server())
        .severity(uploaded.isEmpty() ? Severity.MEDIUM : Severity.HIGH)
        .summary(Text.of("FTP account %s used from %s (seen on another server)", "FTP アカウント %s が %s から使用された (他サーバで確認済みのアドレス)", user, address))
        .reasons(reasons)
        .evidence("user", user)
        .evidence("home", accounts.home(user))
        .evidence("address", address)
        .evidence("addresses", List.of(address))
        .evidence("signs", List.of("fleet-address"))
        .evidence("logins", logins.size())
        .evidence("first-login", logins.isEmpty() ? null : String.valueOf(logins.get(0).time()))
        .evidence("last-login", logins.isEmpty() ? null : String.valueOf(logins.get(logins.size() - 1).time()))
        .evidence("uploaded-scripts", uploaded)
        .evidence("lines", mine.stream().limit(20).map(LogEvent::evidence).toList())
        .source("fleet")
        .build();
  }

  private static Finding attacker(RootView r, String address, String fromText, Set<String> logins, List<LogEvent> theirs) {
    return Finding.builder(FindingKind.ATTACKER_ADDRESS, address).server(r.server()).severity(Severity.HIGH)
        .summary(Text.of("%s: logged into FTP as %s here, and compromised %s", "%s: ここで FTP に %s としてログイン。%s も不正利用", address,
            String.join(", ", logins), fromText))
        .reason(Text.of("the same address compromised %s", "同じアドレスが %s を不正利用", fromText))
        .evidence("address", address)
        .evidence("accounts", List.copyOf(logins))
        .evidence("ftp-logins", List.copyOf(logins))
        .evidence("first-seen", theirs.isEmpty() ? null : String.valueOf(theirs.get(0).time()))
        .evidence("last-seen", theirs.isEmpty() ? null : String.valueOf(theirs.get(theirs.size() - 1).time()))
        .evidence("lines", theirs.stream().limit(20).map(LogEvent::evidence).toList())
        .source("fleet")
        .build();
  }
}
