#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL cluster on loopback for the test suite and print
# its URL. Installs Debian's postgresql package first when the server binaries are missing
# and we are root. Prints nothing and exits 0 when no server can be had, so that local
# runs skip the PostgreSQL cases visibly (CI=true turns that into a failure in the tests).
set -euo pipefail
PORT="${EDUREPORTS_PG_PORT:-54329}"
ROOT="${EDUREPORTS_PG_ROOT:-/tmp/edureports-pg}"

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing postgresql from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bin || true)"
fi
if [ -z "$BIN" ]; then
  echo "no PostgreSQL server binaries found; PostgreSQL tests will be skipped" >&2
  exit 0
fi

URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"
if "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q 2>/dev/null; then
  echo "$URL"
  exit 0
fi

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  RUN_AS=(su postgres -s /bin/bash -c)
else
  RUN_AS=(bash -c)
fi
mkdir -p "$ROOT"
[ "$(id -u)" = 0 ] && chown postgres "$ROOT"
cd /tmp
if [ ! -f "$ROOT/data/PG_VERSION" ]; then
  "${RUN_AS[@]}" "'$BIN/initdb' -D '$ROOT/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2 \
    || "${RUN_AS[@]}" "'$BIN/initdb' -D '$ROOT/data' -A trust -U postgres -E UTF8 --locale=C" >&2
fi
"${RUN_AS[@]}" "'$BIN/pg_ctl' -D '$ROOT/data' -l '$ROOT/data/server.log' -w start \
  -o \"-p $PORT -k '$ROOT' -c listen_addresses=127.0.0.1 -c fsync=off \
      -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\"" >&2
echo "$URL"
