#!/usr/bin/env bash
# A real Exim 4.96 for the mail-queue tests, WITHOUT installing the package (Postfix and Exim
# conflict as packages; Postfix is the installed MTA): the Debian packages are fetched with
# `apt-get download`, unpacked with `dpkg-deb -x` under $SPAMTRACE_EXIM_DIR, and run by
# run-exim.sh in a private mount namespace whose /etc is an overlay adding Exim's own config
# (own spool, smarthost 127.0.0.9::2526 where nothing listens, so mail stays deferred), the
# compiled-in user Debian-exim, and a loader cache that knows the unpacked libidn12.
# No daemon: each submission delivers (and defers) at once. See
# src/test/resources/fixtures/mailqueue/exim/README.md.
set -euo pipefail
dir="${SPAMTRACE_EXIM_DIR:-/tmp/spamtrace-exim}"
case "${1:-}" in
  packages) echo "" ;;   # nothing installed: the .debs are only downloaded and unpacked
  preseed|stop) : ;;
  setup|start)
    mkdir -p "$dir/debs" "$dir/etc-up/exim4" "$dir/etc-work" "$dir/log" "$dir/spool"
    if [ ! -x "$dir/root/usr/sbin/exim4" ]; then
      (cd "$dir/debs" && apt-get download exim4-daemon-light exim4-base exim4-config libidn12 >/dev/null)
      for d in "$dir"/debs/*.deb; do dpkg-deb -x "$d" "$dir/root"; done
    fi
    cp /etc/passwd "$dir/etc-up/passwd"; cp /etc/group "$dir/etc-up/group"
    grep -q '^Debian-exim:' "$dir/etc-up/passwd" || echo "Debian-exim:x:8:8:Exim:$dir/spool:/usr/sbin/nologin" >> "$dir/etc-up/passwd"
    grep -q '^Debian-exim:' "$dir/etc-up/group" || echo 'Debian-exim:x:8:' >> "$dir/etc-up/group"
    { cat /etc/ld.so.conf.d/*.conf 2>/dev/null; echo "$dir/root/usr/lib/x86_64-linux-gnu"; echo /lib/x86_64-linux-gnu; echo /usr/lib/x86_64-linux-gnu; } > "$dir/ld.so.conf"
    ldconfig -C "$dir/etc-up/ld.so.cache" -f "$dir/ld.so.conf"
    cat > "$dir/etc-up/exim4/exim4.conf" <<CONF
primary_hostname = mail.example.test
exim_path = $dir/root/usr/sbin/exim4
spool_directory = $dir/spool
log_file_path = $dir/log/%slog
exim_user = Debian-exim
exim_group = Debian-exim
trusted_users = root
untrusted_set_sender = *
local_from_check = false
log_selector = +arguments +pid +subject +received_recipients
begin routers
smarthost:
  driver = manualroute
  route_list = * 127.0.0.9::2526 byname
  transport = remote_smtp
  no_more
begin transports
remote_smtp:
  driver = smtp
begin retry
*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h
CONF
    cat > "$dir/run-exim.sh" <<RUN
#!/bin/sh
# exim4 as installed would run, but from $dir (see .ci/components/exim.sh). RUN_AS=user submits as that user.
exec unshare -m sh -c '
  mount -t overlay overlay -o lowerdir=/etc,upperdir=$dir/etc-up,workdir=$dir/etc-work /etc || exit 70
  if [ -n "\$RUN_AS" ]; then exec setpriv --reuid="\$RUN_AS" --regid="\$RUN_AS" --init-groups $dir/root/usr/sbin/exim4 "\$@"; fi
  exec $dir/root/usr/sbin/exim4 "\$@"' exim "\$@"
RUN
    chmod 755 "$dir/run-exim.sh"; chmod 644 "$dir/etc-up/exim4/exim4.conf"
    chown 8:8 "$dir/spool" "$dir/log"
    "$dir/run-exim.sh" -bV >/dev/null 2>&1 || { echo "exim: $dir/run-exim.sh -bV failed"; "$dir/run-exim.sh" -bV; exit 1; }
    echo "exim: ready ($dir/run-exim.sh, spool $dir/spool)"
    ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
