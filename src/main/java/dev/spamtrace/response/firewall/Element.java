package dev.spamtrace.response.firewall;

import java.util.Objects;

/**
 * One set element: a network, a port range, or both. Its text form ({@code 203.0.113.0/24},
 * {@code 21}, {@code 203.0.113.7 . 21}) is canonical, is what the journal keeps, and is made of
 * validated numbers only.
 *
 * @param net the network, or null for a port set
 * @param ports the ports, or null for a network set
 */
public record Element(Cidr net, PortRange ports) {
  public Element {
    if (net == null && ports == null) {
      throw new IllegalArgumentException("an element needs a network or ports");
    }
  }

  public static Element net(Cidr c) {
    return new Element(Objects.requireNonNull(c), null);
  }

  public static Element port(PortRange p) {
    return new Element(null, Objects.requireNonNull(p));
  }

  public static Element netPort(Cidr c, PortRange p) {
    return new Element(Objects.requireNonNull(c), Objects.requireNonNull(p));
  }

  /** Parses the text form written by {@link #toString()}. */
  public static Element parse(String s) {
    String[] parts = s.split(" \\. ");
    if (parts.length == 2) {
      return netPort(Cidr.parse(parts[0]), PortRange.parse(parts[1]));
    }
    if (s.contains(".") || s.contains(":")) {
      return net(Cidr.parse(s));
    }
    return port(PortRange.parse(s));
  }

  /** Whether both cannot sit in one interval set: they overlap in every dimension they have. */
  public boolean overlaps(Element o) {
    boolean netOverlap = net == null || o.net == null || net.overlaps(o.net);
    boolean portOverlap = ports == null || o.ports == null || ports.overlaps(o.ports);
    return netOverlap && portOverlap;
  }

  @Override
  public String toString() {
    if (net != null && ports != null) {
      return net + " . " + ports;
    }
    return net != null ? net.toString() : ports.toString();
  }
}
