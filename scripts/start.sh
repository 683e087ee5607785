#!/usr/bin/env bash
# One command from a clean clone: install, build the dashboard, start Parcours on the
# embedded SQLite database (./data/parcours.db) with the demo company loaded on first start.
#   PORT=3000 (default)   PARCOURS_DEMO_SIZE=small|default|large   PARCOURS_EMPTY=1 (no demo)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
echo "[start] building the web app"
pnpm --filter @parcours/web build >/dev/null
if [ "${PARCOURS_EMPTY:-}" = "1" ]; then
  exec pnpm parcours serve
fi
exec pnpm parcours serve --demo --size "${PARCOURS_DEMO_SIZE:-default}"
