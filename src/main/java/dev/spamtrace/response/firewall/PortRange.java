package dev.spamtrace.response.firewall;

/**
 * A TCP/UDP port or an inclusive range of them ({@code 21}, {@code 49152-65535}).
 *
 * @param from the first port
 * @param to the last port
 */
public record PortRange(int from, int to) implements Comparable<PortRange> {
  public PortRange {
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException("bad port range " + from + "-" + to + " (1-65535)");
    }
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /** Parses {@code 21} or {@code 30000-50000}; anything else is refused. */
  public static PortRange parse(String s) {
    String t = s == null ? "" : s.trim();
    if (!t.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw new IllegalArgumentException("not a port or port range: '" + (t.length() > 20 ? t.substring(0, 20) : t) + "'");
    }
    int dash = t.indexOf('-');
    return dash < 0 ? single(Integer.parseInt(t)) : new PortRange(Integer.parseInt(t.substring(0, dash)), Integer.parseInt(t.substring(dash + 1)));
  }

  public boolean overlaps(PortRange o) {
    return from <= o.to && o.from <= to;
  }

  public boolean contains(int port) {
    return from <= port && port <= to;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }

  @Override
  public int compareTo(PortRange o) {
    return from != o.from ? Integer.compare(from, o.from) : Integer.compare(to, o.to);
  }
}
