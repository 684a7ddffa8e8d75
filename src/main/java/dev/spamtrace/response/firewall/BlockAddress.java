package dev.spamtrace.response.firewall;

import dev.spamtrace.incident.Text;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Blocks an address or network: every packet from it (so an attacker's open FTP session dies
 * too), or only what it sends to the chosen ports, optionally for a limited time. Refused when it
 * touches the never-block list. Parts already blocked are not added again, so undo takes away
 * exactly what this block added and nothing another block put there.
 */
public final class BlockAddress extends FirewallAction {
  public static final String TYPE = "firewall-block";

  private final Cidr net;
  private final List<PortRange> ports;
  private final Duration duration;
  private final String reason;

  /**
   * @param net what to block
   * @param ports the ports; empty for all traffic
   * @param duration how long; null until undone
   * @param reason why, as the plan shows it
   * @param findings the findings behind it
   * @param env the environment (SSH_CONNECTION) for the never-block list
   */
  public BlockAddress(Cidr net, List<PortRange> ports, Duration duration, String reason, List<String> findings, Map<String, String> env) {
    super(env, findings);
    this.net = net;
    this.ports = List.copyOf(ports);
    this.duration = duration == null || duration.isZero() ? null : duration;
    this.reason = reason == null ? "" : reason;
  }

  public Cidr network() {
    return net;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String target() {
    return net + (ports.isEmpty() ? "" : " ports " + ports.stream().map(PortRange::toString).collect(Collectors.joining(",")));
  }

  @Override
  public Text description() {
    String what = ports.isEmpty() ? "all traffic" : "ports " + ports.stream().map(PortRange::toString).collect(Collectors.joining(","));
    String whatJa = ports.isEmpty() ? "全通信" : "ポート " + ports.stream().map(PortRange::toString).collect(Collectors.joining(","));
    String how = duration == null ? "until undone" : "for " + human(duration);
    String howJa = duration == null ? "解除まで" : human(duration) + " 間";
    String why = reason.isEmpty() ? "" : " (" + reason + ")";
    return new Text(
        String.format("block %s from %s %s%s; rolls back unless confirmed (firewall.confirm-within)", what, net, how, why),
        String.format("%s からの%sを%sブロック%s。確認しなければ元に戻ります (firewall.confirm-within)", net, whatJa, howJa, why));
  }

  @Override
  protected List<Text> checkAction(Firewall fw) {
    List<Text> out = new ArrayList<>();
    fw.neverBlock().refusal(net).ifPresent(out::add);
    return out;
  }

  @Override
  protected List<Wanted> wanted(Firewall fw, FirewallBackend backend, FirewallState state, List<String> notes) throws IOException {
    Instant expiry = duration == null ? null : fw.context().clock().instant().plus(duration);
    List<Wanted> out = new ArrayList<>();
    if (ports.isEmpty()) {
      OurSet set = OurSet.blockFor(net, false);
      // An interval set refuses overlapping elements: add only the parts not blocked yet.
      List<Cidr> present = state.members(set).stream().map(m -> m.element().net()).filter(net::overlaps).toList();
      if (!present.isEmpty()) {
        notes.add("already blocked: " + present.stream().map(Cidr::toString).collect(Collectors.joining(", ")));
      }
      for (Cidr piece : net.minus(present)) {
        out.add(new Wanted(set, Element.net(piece), expiry));
      }
      return out;
    }
    OurSet set = OurSet.blockFor(net, true);
    for (PortRange p : ports) {
      if (!backend.refusesOverlaps()) {
        // ipset takes overlapping entries; only an identical one is already there.
        if (state.has(set, Element.netPort(net, p))) {
          notes.add("already blocked on " + p + ": " + net);
        } else {
          out.add(new Wanted(set, Element.netPort(net, p), expiry));
        }
        continue;
      }
      List<Cidr> present = new ArrayList<>();
      for (Member m : state.members(set)) {
        Element e = m.element();
        if (e.net().overlaps(net) && e.ports().overlaps(p)) {
          if (!e.ports().equals(p)) {
            throw new IOException("ports " + p + " of " + net + " overlap a different block (" + e + "); undo that one first");
          }
          present.add(e.net());
        }
      }
      if (!present.isEmpty()) {
        notes.add("already blocked on " + p + ": " + present.stream().map(Cidr::toString).collect(Collectors.joining(", ")));
      }
      for (Cidr piece : net.minus(present)) {
        out.add(new Wanted(set, Element.netPort(piece, p), expiry));
      }
    }
    return out;
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** Parses {@code 90m}, {@code 2h}, {@code 7d}, {@code 30s}. */
  public static Duration parseDuration(String s) {
    String t = s.trim();
    if (!t.matches("\\d{1,6}[smhd]")) {
      throw new IllegalArgumentException("a duration is a number and s, m, h or d (90m, 2h, 7d): " + t);
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
