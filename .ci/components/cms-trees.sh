#!/usr/bin/env bash
# Real CMS trees for the false-positive test (CmsTreesTest): Debian packages that install
# thousands of legitimate PHP files under /usr/share. Packages only; nothing to start or stop.
# yara is the baseline of `spamtrace bench scan` (not needed by the tests).
set -euo pipefail
case "${1:-}" in
  packages) echo "wordpress phpmyadmin libphp-phpmailer roundcube-core dokuwiki mediawiki php-laravel-framework php-symfony php-swiftmailer php-tcpdf php-getid3 zabbix-frontend-php tt-rss yara" ;;
  preseed)
    # phpmyadmin, roundcube and zabbix ask about web server and database set-up: answer "none".
    if command -v debconf-set-selections >/dev/null; then
      printf '%s\n' \
        "phpmyadmin phpmyadmin/dbconfig-install boolean false" \
        "phpmyadmin phpmyadmin/reconfigure-webserver multiselect" \
        "roundcube-core roundcube/dbconfig-install boolean false" \
        "tt-rss tt-rss/dbconfig-install boolean false" | debconf-set-selections
    fi ;;
  setup|start|stop) : ;;
  *) echo "usage: $0 packages|preseed|start|stop" >&2; exit 2 ;;
esac
