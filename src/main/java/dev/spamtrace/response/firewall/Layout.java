package dev.spamtrace.response.firewall;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixed part of our firewall: which sets exist and the few rules that point at them. Rebuilt
 * (our own chains only) at every change, so it always matches the configuration, and inert while
 * the effect sets are empty.
 *
 * <p>Input: loopback and the never-block sets are accepted first, then blocked addresses are
 * dropped (all ports, or the blocked port), then each country policy drops new connections to its
 * ports from addresses outside its allowed sets. Output: new connections to the SMTP ports from a
 * user that is not the MTA's are logged and refused with a TCP reset; loopback is exempt.
 *
 * @param mtaUids the MTA's users' uids, allowed to open SMTP connections
 * @param policies country policy names
 */
public record Layout(List<Integer> mtaUids, List<String> policies) {
  public Layout {
    mtaUids = List.copyOf(mtaUids);
    policies = List.copyOf(policies);
    for (String p : policies) {
      if (!p.matches("[a-z][a-z0-9]{0,10}")) {
        throw new IllegalArgumentException("bad policy name " + p);
      }
    }
  }

  public List<OurSet> sets() {
    List<OurSet> out = new ArrayList<>(OurSet.FIXED);
    for (String p : policies) {
      out.add(OurSet.policyPorts(p));
      out.add(OurSet.policyAllow(p, false));
      out.add(OurSet.policyAllow(p, true));
    }
    return out;
  }

  /** The log prefix of refused SMTP connections (kernel log). */
  public static final String SMTP_LOG_PREFIX = "spamtrace-smtp-refused: ";
}
