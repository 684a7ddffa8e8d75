#!/usr/bin/env bash
# Real FTP and web daemons for the log readers' tests (LogsRealDaemonTest): vsftpd, nginx and
# php-fpm. The test starts each daemon itself on free loopback ports, with its own config and
# logs under a temporary folder, and stops them by pid; this script only installs the packages and
# prepares what vsftpd needs: its secure_chroot_dir and a local FTP user (spamtrace-ftp, home
# /var/lib/spamtrace-ftp; the test sets its password). No daemon is left running here.
set -euo pipefail
case "${1:-}" in
  packages) echo "vsftpd nginx php-fpm curl passwd" ;;
  preseed) : ;;
  start)
    mkdir -p /var/run/vsftpd/empty /var/lib/spamtrace-ftp
    if ! id spamtrace-ftp >/dev/null 2>&1; then
      useradd --home-dir /var/lib/spamtrace-ftp --shell /bin/bash spamtrace-ftp
    fi
    mkdir -p "${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}"
    echo "web-ftp: vsftpd $(dpkg-query -W -f='${Version}' vsftpd), nginx $(dpkg-query -W -f='${Version}' nginx) ready" \
      > "${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}/web-ftp.log"
    ;;
  stop) : ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
