package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Outbound SMTP only for the MTA (CSF's SMTP_BLOCK): new connections to the SMTP ports are allowed
 * only for the MTA's users and refused (TCP reset, logged) for everyone else, so a disguised perl
 * process under a web user cannot speak SMTP to the world while the MTA delivers as before.
 * The rule matches the socket's owner (nftables {@code meta skuid}, iptables {@code -m owner});
 * it is in force while the SMTP ports are in our {@code smtp_ports} set.
 */
public final class SmtpOnlyMta extends FirewallAction {
  public static final String TYPE = "firewall-smtp-mta-only";

  private final List<Integer> ports;
  private final List<String> mtaUsers;
  private final List<SmtpSenders.Connection> wouldCut;

  /**
   * @param ports the SMTP ports (firewall.smtp-ports)
   * @param mtaUsers the MTA's users that exist on the server, for the plan
   * @param wouldCut processes talking SMTP now that are not the MTA's, for the plan
   */
  public SmtpOnlyMta(List<Integer> ports, List<String> mtaUsers, List<SmtpSenders.Connection> wouldCut, List<String> findings,
      Map<String, String> env) {
    super(env, findings);
    this.ports = List.copyOf(ports);
    this.mtaUsers = List.copyOf(mtaUsers);
    this.wouldCut = List.copyOf(wouldCut);
    for (int p : ports) {
      PortRange.single(p);
    }
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return "outbound SMTP (" + ports.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
  }

  @Override
  public Text description() {
    String cut = wouldCut.isEmpty() ? "no process talks SMTP now besides the MTA"
        : "would stop: " + wouldCut.stream().map(c -> "pid " + c.pid() + " " + c.command() + " (" + c.user() + ") → " + c.remote() + ":" + c.remotePort())
            .collect(Collectors.joining("; "));
    String cutJa = wouldCut.isEmpty() ? "MTA 以外に SMTP 通信中のプロセスはありません"
        : "止まるもの: " + wouldCut.stream().map(c -> "pid " + c.pid() + " " + c.command() + " (" + c.user() + ") → " + c.remote() + ":" + c.remotePort())
            .collect(Collectors.joining("; "));
    String users = String.join(", ", mtaUsers);
    return new Text(
        String.format("refuse and log new connections to ports %s for every user except the MTA's (%s); %s; rolls back unless confirmed",
            ports, users, cut),
        String.format("MTA のユーザー (%s) 以外からのポート %s への新規接続を拒否・記録します。%s。確認しなければ元に戻ります", users, ports, cutJa));
  }

  public List<SmtpSenders.Connection> wouldCut() {
    return wouldCut;
  }

  @Override
  protected List<Text> checkAction(Firewall fw) {
    return List.of();
  }

  @Override
  protected List<Wanted> wanted(Firewall fw, FirewallBackend backend, FirewallState state, List<String> notes) {
    List<Wanted> out = new ArrayList<>();
    for (int p : ports) {
      Element e = Element.port(PortRange.single(p));
      if (state.has(OurSet.SMTP_PORTS, e)) {
        notes.add("port " + p + " already restricted");
      } else {
        out.add(new Wanted(OurSet.SMTP_PORTS, e, null));
      }
    }
    return out;
  }
}
