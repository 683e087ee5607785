#!/usr/bin/env bash
# One command from a clean clone: install everything the tests need (pnpm, dependencies,
# Debian's Chromium for the browser tests, PostgreSQL for the second run of the data-layer
# and server suites), then type-check, lint and run every test.
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

# PostgreSQL: the data-layer and server suites run on it too (vitest project `postgres`).
# Required in CI; elsewhere, a machine where it cannot be started skips those suites.
if [ -z "${PARCOURS_TEST_PG_URL:-}" ]; then
  if PARCOURS_TEST_PG_URL=$(bash scripts/postgres.sh); then
    export PARCOURS_TEST_PG_URL
    echo "[test] PostgreSQL suites on $PARCOURS_TEST_PG_URL"
  elif [ "${CI:-}" = "true" ]; then
    echo "[test] PostgreSQL could not be started, and CI runs every suite on it" >&2
    exit 1
  else
    unset PARCOURS_TEST_PG_URL
    echo "[test] PostgreSQL could not be started: its suites will be skipped" >&2
  fi
fi

pnpm test
