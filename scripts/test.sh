#!/usr/bin/env bash
# The whole test suite: types, lint, format, unit + integration tests (embedded database and a
# real PostgreSQL server), then end-to-end tests in a real Chromium. `npm test` runs this, and CI
# (.ci/run) runs `npm test`, so a lint finding or an unformatted file fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."

# == typecheck, == lint, == format, == unit and integration tests: one list, in scripts/validate.sh.
bash scripts/validate.sh

echo "== end-to-end tests (real Chromium)"
bash scripts/e2e.sh
