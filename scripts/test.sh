#!/usr/bin/env bash
# One command from a clean clone: install everything the tests need (pnpm, dependencies,
# Debian's Chromium for the browser tests), then type-check, lint and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi

pnpm test
