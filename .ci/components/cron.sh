#!/usr/bin/env bash
# cron (Debian's vixie cron) for the host capability's real tests: crontab -u installs a crontab,
# the daemon runs it as www-data. perl is the disguised process of the tests. No systemd: cron is
# started by its own command (it daemonizes and writes /run/crond.pid) and stopped by that pid,
# only if this script started it. Output (cron logs only to syslog; -L 15 asks it to log all)
# goes to $SPAMTRACE_CI_DIR/cron.log.
set -euo pipefail
DIR="${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}"
MARK="$DIR/cron.started-by-ci"
case "${1:-}" in
  packages) echo "cron perl util-linux" ;;
  preseed|setup) : ;;
  start)
    mkdir -p "$DIR"
    if [ -s /run/crond.pid ] && [ "$(readlink "/proc/$(cat /run/crond.pid)/exe" 2>/dev/null)" = /usr/sbin/cron ]; then
      echo "cron: already running as pid $(cat /run/crond.pid); left as it is"
      exit 0
    fi
    cron -L 15 >>"$DIR/cron.log" 2>&1
    for _ in $(seq 50); do [ -s /run/crond.pid ] && break; sleep 0.1; done
    cat /run/crond.pid > "$MARK"
    echo "cron: started, pid $(cat "$MARK")"
    ;;
  stop)
    [ -s "$MARK" ] || exit 0
    pid="$(cat "$MARK")"
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/cron ]; then
      kill "$pid"
      for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
      [ -d "/proc/$pid" ] && kill -KILL "$pid"
    fi
    rm -f "$MARK"
    ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
