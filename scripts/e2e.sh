#!/usr/bin/env bash
# End-to-end tests: real production server + Debian's Chromium driven by playwright-core.
# Playwright's own browser download is unreachable here, so the system Chromium is used.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, a CJK font so the Chinese pages render as text rather than boxes, nginx for the
# reverse-proxy test (tests/e2e/reverse-proxy.e2e.test.ts: the deployment guide's own config) and
# openssl for its throw-away certificate.
missing=()  # needed to run at all
optional=() # the CJK font: screenshots read better with it, tests pass without
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v openssl >/dev/null || missing+=(openssl)
fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk" || optional+=(fonts-wqy-microhei)
wanted=("${missing[@]}" "${optional[@]}")
if [ ${#wanted[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[e2e] installing ${wanted[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}"
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "[e2e] missing: ${missing[*]}. Install them first, e.g.:" >&2
    echo "       sudo apt-get update && sudo apt-get install -y chromium nginx-light openssl fonts-wqy-microhei" >&2
    exit 1
  fi
fi

echo "[e2e] building the pages"
npx next build

echo "[e2e] running browser tests"
npx vitest run -c vitest.e2e.config.ts "$@"
