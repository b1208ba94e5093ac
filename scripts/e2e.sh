#!/usr/bin/env bash
# End-to-end tests: real production server + Debian's Chromium driven by playwright-core.
# Playwright's own browser download is unreachable here, so the system Chromium is used.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, and a CJK font so the Chinese pages render as text rather than boxes.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk" || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[e2e] installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  elif [ ! -x /usr/bin/chromium ]; then
    echo "[e2e] /usr/bin/chromium is missing. Install it first, e.g.:" >&2
    echo "       sudo apt-get update && sudo apt-get install -y chromium fonts-wqy-microhei" >&2
    exit 1
  fi
fi

echo "[e2e] building the pages"
npx next build

echo "[e2e] running browser tests"
npx vitest run -c vitest.e2e.config.ts "$@"
