#!/usr/bin/env bash
# Netfilter tools for the firewall tests (issue 7). The tests make their own network namespaces
# (ip netns add) and put every rule inside them: nothing here starts a daemon or touches the
# host's ruleset. setpriv (util-linux) runs a probe as an ordinary user for the SMTP policy test.
set -euo pipefail
case "${1:-}" in
  packages) echo "nftables iptables ipset iproute2 iputils-ping util-linux" ;;
  preseed|setup|start) : ;;
  stop)
    # Namespaces a killed test run may have left behind: only ours (st-fw-*), by name.
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^st-fw-' || true); do
      ip netns del "$ns" || true
    done
    ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
