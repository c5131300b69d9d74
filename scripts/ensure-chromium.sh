#!/usr/bin/env bash
# Makes sure Debian's Chromium is here for the console's browser tests: installs it when missing and this
# user can (root with apt-get: CI, and the project's machines); otherwise says how.
set -euo pipefail
[ -n "${WAYPOST_TEST_CHROMIUM:-}" ] && exit 0
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the console tests"
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) ||
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
  exit 0
fi
echo "ensure-chromium: no chromium here; install it (apt-get install chromium) or set WAYPOST_TEST_CHROMIUM to a Chromium binary" >&2
exit 1
