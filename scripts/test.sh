#!/usr/bin/env bash
# The whole test suite: types, unit + integration tests (embedded database and a real
# PostgreSQL server), then end-to-end tests in a real Chromium. `npm test` runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc --noEmit -p .

echo "== unit and integration tests"
npx vitest run

echo "== end-to-end tests (real Chromium)"
bash scripts/e2e.sh
