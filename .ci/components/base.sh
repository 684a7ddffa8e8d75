#!/usr/bin/env bash
# Tools the tests use everywhere: mkfifo and friends are in coreutils; procps for ps; curl for clients.
set -euo pipefail
case "${1:-}" in
  packages) echo "procps curl ca-certificates" ;;
  preseed|setup|start|stop) : ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
