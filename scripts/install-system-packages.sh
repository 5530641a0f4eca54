#!/usr/bin/env bash
# Installs the system libraries Paperboy builds and tests against, when they are missing:
# SQLite with FTS5 (libsqlite3-dev), zlib for .gz input, OpenBLAS for the embedding model
# (libopenblas-dev), and script(1) from bsdutils, which the tests use to give the CLI a terminal. With --test-tools it adds what the tests use to
# check the web app and mail: headless Chromium (screenshots) and chromedriver with Selenium
# (forms submitted as a reader does), a font for it, openssl (a
# self-signed certificate for the STARTTLS test), PostgreSQL (the store suites run on a
# throw-away cluster, scripts/postgres-test-cluster.sh), nginx (the balancer of the cluster
# tests, scripts/nginx-balancer.sh), and from PyPI, for whichever python3 is
# first on PATH, feedparser (Atom feeds), aiosmtpd (the real SMTP server of the tests),
# html5lib (pages parsed as browsers parse them) and schemathesis (the API against its
# OpenAPI document).
set -euo pipefail

packages=(libsqlite3-dev zlib1g-dev bsdutils libopenblas-dev)
if [ "${1:-}" = "--test-tools" ]; then
  packages+=(chromium chromium-driver fonts-dejavu-core openssl postgresql nginx)
  python3 -c 'import feedparser' 2>/dev/null || python3 -m pip install --quiet feedparser
  python3 -c 'import aiosmtpd' 2>/dev/null || python3 -m pip install --quiet aiosmtpd
  python3 -c 'import html5lib' 2>/dev/null || python3 -m pip install --quiet html5lib
  python3 -c 'import schemathesis' 2>/dev/null || python3 -m pip install --quiet schemathesis
  python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
