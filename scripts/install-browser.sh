#!/usr/bin/env bash
# Install Debian's chromium and a CJK font (fonts-noto-cjk) for the browser tests of the web
# view and the charts, when missing and we are root; print the browser's path. Prints nothing
# and exits 0 when no browser can be had, so that local runs skip the browser tests visibly
# (CI=true turns that into a failure in the tests), as scripts/test-postgres.sh does.
set -euo pipefail

find_browser() {
  command -v chromium || command -v chromium-browser || true
}

BROWSER="$(find_browser)"
HAVE_FONT="$(fc-list ':lang=zh' 2>/dev/null | head -n 1 || true)"
if { [ -z "$BROWSER" ] || [ -z "$HAVE_FONT" ]; } && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null; then
  echo "installing chromium and fonts-noto-cjk from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk fontconfig >&2
  BROWSER="$(find_browser)"
fi
if [ -z "$BROWSER" ]; then
  echo "no chromium found; browser tests will be skipped" >&2
  exit 0
fi
echo "$BROWSER"
