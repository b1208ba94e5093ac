#!/usr/bin/env bash
# Every check but the browser tests, stopping at the first failure: types, lint, format, unit and
# integration tests (embedded database and, when reachable, a real PostgreSQL server).
# `npm run validate` runs this; `npm test` (scripts/test.sh) runs it, then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc --noEmit -p .

echo "== lint"
npx eslint . --max-warnings 0

echo "== format"
npx prettier --check .

echo "== unit and integration tests"
npx vitest run
