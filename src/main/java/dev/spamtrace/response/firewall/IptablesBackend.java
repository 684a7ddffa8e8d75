package dev.spamtrace.response.firewall;

import java.io.IOException;
import java.nio.file.Path;

/** iptables with ipset (in progress). */
public final class IptablesBackend implements FirewallBackend {
  private final FirewallTools tools;

  public IptablesBackend(FirewallTools tools) {
    this.tools = tools;
  }

  public static boolean available(FirewallTools tools) {
    return false;
  }

  @Override
  public String name() {
    return "iptables";
  }

  @Override
  public FirewallState read() throws IOException {
    throw new IOException("iptables back end not written yet");
  }

  @Override
  public String snapshot() throws IOException {
    throw new IOException("iptables back end not written yet");
  }

  @Override
  public Path apply(Layout layout, Change change, Path workDir) throws IOException {
    throw new IOException("iptables back end not written yet " + tools.netns());
  }

  @Override
  public void removeAll() throws IOException {
    throw new IOException("iptables back end not written yet");
  }
}
