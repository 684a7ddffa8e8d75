#!/usr/bin/env bash
# dnsmasq for the blocklist tests and `spamtrace bench blocklist`: the binary only (dnsmasq-base has no
# service). Tests start their own dnsmasq on a free loopback port with test zones, output to a file,
# stopped by pid (testing.Daemon); nothing is started here, and no real list is ever queried.
# dig (bind9-dnsutils) is the side-by-side baseline of the benchmark.
set -euo pipefail
case "${1:-}" in
  packages) echo "dnsmasq-base bind9-dnsutils" ;;
  preseed|setup|start|stop) : ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
