#!/usr/bin/env bash
# Real Postfix (Debian package) and PHP CLI for the mail-queue tests, configured as in
# shared/reference/real-components-lab.md §1: "Internet Site", relay to a loopback port where nothing
# listens (127.0.0.9:2526) so mail stays deferred, its own log file (no syslog here), PHP mail() with
# X-PHP-Originating-Script. Started with `postfix start` (no systemd), stopped by the master's pid.
set -euo pipefail
pidfile=/var/spool/postfix/pid/master.pid
# Stop only a Postfix this script started (a developer's running Postfix is left alone).
mark="${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}/postfix.started-by-ci"
case "${1:-}" in
  packages) echo "postfix php-cli" ;;
  preseed)
    printf '%s\n' \
      'postfix postfix/main_mailer_type select Internet Site' \
      'postfix postfix/mailname string example.test' | debconf-set-selections
    ;;
  setup|start)
    # "Local only" would set default_transport=error and bounce instead of deferring.
    postconf -e "myhostname = mail.example.test" "inet_interfaces = loopback-only" "inet_protocols = ipv4" \
      "relayhost = [127.0.0.9]:2526" "smtp_connect_timeout = 5s" "maillog_file = /var/log/postfix.log"
    for d in /etc/php/*/cli/conf.d; do
      [ -d "$d" ] && printf 'mail.add_x_header = On\n' > "$d/99-spamtrace-mail.ini"
    done
    [ "${1}" = setup ] && exit 0
    if [ -s "$pidfile" ] && kill -0 "$(tr -d ' ' < "$pidfile")" 2>/dev/null; then
      echo "postfix: already running (pid $(tr -d ' ' < "$pidfile"))"; exit 0
    fi
    /usr/lib/postfix/configure-instance.sh - || true   # syncs the chroot copy of resolv.conf etc.
    postfix start
    for _ in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
    [ -s "$pidfile" ] || { echo "postfix: master did not write $pidfile"; exit 1; }
    mkdir -p "$(dirname "$mark")"; tr -d ' ' < "$pidfile" > "$mark"
    echo "postfix: master pid $(cat "$mark"), log /var/log/postfix.log"
    ;;
  stop)
    [ -s "$mark" ] || exit 0
    pid="$(cat "$mark")"; rm -f "$mark"
    # Only the Postfix master: never kill a pid that was reused by something else.
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/lib/postfix/sbin/master ]; then
      kill -TERM "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
