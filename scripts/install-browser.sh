#!/usr/bin/env bash
# Install what the site tests need from Debian when it is missing and we may install packages:
# chromium for the browser tests (Playwright drives this system browser through executable_path;
# it never downloads a browser of its own) pandoc, whose CSL-JSON the downloads test compares with, shellcheck for
# the Action's shell steps, and npm, which installs the site's bundled graph library (npm ci) and the
# accessibility checker the browser tests run (axe-core, into ~/.cache/citekb-test-tools, never the repository).
set -u
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium chromium-driver fonts-noto-cjk)
fi
if ! command -v pandoc >/dev/null 2>&1; then
  missing+=(pandoc)
fi
if ! command -v shellcheck >/dev/null 2>&1; then  # lints the GitHub Action's shell steps
  missing+=(shellcheck)
fi
if ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages for the site tests: ${missing[*]}..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
    || { echo "error: could not install ${missing[*]} for the site tests" >&2; [ "${CI:-}" = "true" ] && exit 1; }
else
  echo "note: ${missing[*]} not installed and apt-get is unavailable; the tests that need them will be skipped" >&2
fi
exit 0
