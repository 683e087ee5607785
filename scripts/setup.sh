#!/usr/bin/env bash
# Installs what Parcours needs to build and run, idempotently: pnpm at the version pinned
# in package.json, then the dependencies. Sourced by start.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

pinned=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pinned" ]; then
  echo "[setup] installing pnpm $pinned"
  npm install --global --silent "pnpm@$pinned"
fi

# better-sqlite3 compiles from source: use the machine's Node headers, never a download
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
if [ ! -f "$npm_config_nodedir/include/node/node.h" ]; then export npm_config_nodedir=/usr; fi
echo "[setup] installing dependencies"
pnpm install --frozen-lockfile --reporter=append-only | grep -v "^Progress" || true
test -d node_modules/.pnpm || { echo "[setup] pnpm install failed" >&2; exit 1; }
