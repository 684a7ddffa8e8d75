package dev.spamtrace.blocklist.dns;

import dev.spamtrace.incident.Text;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which resolver the checks ask: {@code --resolver}, else {@code blocklist.resolver}, else the first
 * nameserver of this machine's {@code /etc/resolv.conf}; with a warning when it is a well-known
 * public resolver, whose answers from the big lists are errors or lies.
 */
public record ResolverChoice(InetSocketAddress address, String from, List<Text> warnings) {
  public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  public static ResolverChoice choose(String option, String configured, Path resolvConf) {
    String text;
    String from;
    if (option != null && !option.isBlank()) {
      text = option;
      from = "--resolver";
    } else if (configured != null && !configured.isBlank()) {
      text = configured;
      from = "blocklist.resolver";
    } else {
      String ns;
      try {
        ns = ResolverAddress.firstNameserver(Files.readString(resolvConf));
      } catch (IOException e) {
        throw new IllegalArgumentException("no resolver given (--resolver or blocklist.resolver) and " + resolvConf + " cannot be read: " + e.getMessage());
      }
      if (ns == null) {
        throw new IllegalArgumentException("no resolver given (--resolver or blocklist.resolver) and " + resolvConf + " names none");
      }
      text = ns;
      from = resolvConf.toString();
    }
    InetSocketAddress a = ResolverAddress.parse(text);
    List<Text> warnings = new ArrayList<>();
    if (ResolverAddress.isKnownPublicResolver(a.getAddress())) {
      warnings.add(Text.of(
          "%s is a public resolver: Spamhaus, Barracuda, SURBL and URIBL refuse or mislead it, so their results will show as could-not-tell. Run your own resolver (unbound) and give it with --resolver.",
          "%s は公開リゾルバです。Spamhaus・Barracuda・SURBL・URIBL は拒否または誤った応答を返すため、結果は「判定不能」になります。自前のリゾルバ (unbound など) を --resolver で指定してください。",
          ResolverAddress.format(a)));
    }
    return new ResolverChoice(a, from, warnings);
  }
}
