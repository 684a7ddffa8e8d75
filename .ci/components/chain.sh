#!/usr/bin/env bash
# The chain's end-to-end test (ChainRealTest): vsftpd, nginx, php-fpm and curl (the test starts
# each on free loopback ports with its own config, output under a temporary folder, and stops them
# by pid), the real Postfix of postfix.sh (PHP mail() goes into its queue and stays deferred; the
# customer's notice is delivered locally to /var/mail/spamtrace-chain), and chpasswd. This script
# only installs the packages and prepares a local FTP user, spamtrace-chain (uid >= 1000, a
# customer as the tool sees it; the test sets its home and password). It changes nothing in
# Postfix's configuration: mail to USER@localhost is delivered by the stock local(8) transport.
# Pure-FTPd conflicts with vsftpd as a package (both provide ftp-server), so its binaries
# (pure-ftpd, pure-pw) are extracted from the downloaded .deb into /var/lib/spamtrace-chain/pure-ftpd
# and run from there (PureFtpdRealTest); nothing of it is installed.
set -euo pipefail
case "${1:-}" in
  packages) echo "vsftpd nginx php-fpm curl passwd postfix libsodium23 libcap2 libssl3 libpam0g" ;;
  preseed) : ;;
  start)
    mkdir -p /var/run/vsftpd/empty /var/lib/spamtrace-chain /var/mail
    if ! id spamtrace-chain >/dev/null 2>&1; then
      useradd --home-dir /var/lib/spamtrace-chain --shell /bin/bash spamtrace-chain
    fi
    pure=/var/lib/spamtrace-chain/pure-ftpd
    if [ ! -x "$pure/usr/bin/pure-pw" ]; then
      tmp="$(mktemp -d)"
      chmod 755 "$tmp"   # apt's _apt user writes the download there
      (cd "$tmp" && apt-get download pure-ftpd >/dev/null && dpkg-deb -x pure-ftpd_*.deb "$pure")
      rm -rf "$tmp"
      [ -x "$pure/usr/bin/pure-pw" ] || { echo "chain: pure-ftpd could not be downloaded and extracted"; exit 1; }
    fi
    mkdir -p "${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}"
    echo "chain: user spamtrace-chain uid $(id -u spamtrace-chain) ready" > "${SPAMTRACE_CI_DIR:-/tmp/spamtrace-ci}/chain.log"
    ;;
  stop) : ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
