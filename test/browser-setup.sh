#!/usr/bin/env bash
# Installs Debian's Chromium for test/browser-swagger.e2e-spec.ts (headless check that Swagger UI
# renders under the server's Content-Security-Policy). Idempotent; CI calls it before the tests.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: $(command -v chromium || echo "$CHROMIUM_PATH")"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is missing and this is not root: install it with 'apt-get install -y --no-install-recommends chromium'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >/dev/null
echo "chromium: $(command -v chromium)"
