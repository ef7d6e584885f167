#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing and we may install packages.
# Playwright drives this system browser (executable_path); it never downloads a browser of its own.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian chromium for browser tests..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null) \
    || { echo "error: could not install chromium for the browser tests" >&2; [ "${CI:-}" = "true" ] && exit 1; }
else
  echo "note: chromium is not installed and apt-get is unavailable; browser tests will be skipped" >&2
fi
exit 0
