#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests: starts the local cluster when it
# is installed but stopped, and with --install installs Debian's server first (CI on a fresh machine).
# A fresh install is given trust auth on loopback, as the machines this project runs on have.
set -euo pipefail
install=${1:-}
# A server of the tester's own choosing is theirs to run.
[ -n "${WAYPOST_TEST_POSTGRES_URL:-}" ] && exit 0
ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
ready && exit 0

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$install" != "--install" ]; then
    echo "ensure-postgres: no PostgreSQL server here (CI installs one; or set WAYPOST_TEST_POSTGRES_URL)" >&2
    exit 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  version=$(ls /etc/postgresql | sort -n | tail -1)
  sed -i '1i host all all 127.0.0.1/32 trust' "/etc/postgresql/$version/main/pg_hba.conf"
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
# A cluster the install already started reads the new pg_hba.conf on reload; a stopped one starts.
pg_ctlcluster --skip-systemctl-redirect "$version" main reload 2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 60); do ready && break; sleep 0.5; done
ready || { echo "ensure-postgres: PostgreSQL $version did not start" >&2; exit 1; }
