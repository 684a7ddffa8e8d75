package dev.spamtrace.filescan.docroot;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every document root found on one server, with its domain, owner and FTP accounts: the read
 * model {@code filescan} publishes through {@code InspectionContext.artifacts()} for the chain
 * correlator (queued mail → script → docroot → FTP account that uploaded it).
 *
 * @param roots sorted by path
 */
public record Docroots(List<Docroot> roots) {
  public Docroots {
    roots = roots.stream().sorted(Comparator.comparing(Docroot::path)).toList();
  }

  /** The most specific document root holding a server path. */
  public Optional<Docroot> owning(String serverPath) {
    Docroot best = null;
    for (Docroot d : roots) {
      if (d.contains(serverPath) && (best == null || d.path().length() > best.path().length())) {
        best = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Document roots of a domain. */
  public List<Docroot> ofDomain(String domain) {
    return roots.stream().filter(d -> d.domain().equalsIgnoreCase(domain) || d.aliases().contains(domain)).toList();
  }

  /** Document roots an FTP account can write to. */
  public List<Docroot> ofFtpAccount(String account) {
    return roots.stream().filter(d -> d.ftpAccounts().contains(account)).toList();
  }
}
