#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server on 127.0.0.1 in a temporary folder.
# Sourced: defines start_postgres and stop_postgres. Run: starts one, prints its connection string and keeps
# running until Ctrl+C.
PG_BIN=/usr/lib/postgresql/15/bin

# start_postgres: sets WATCHKEEPER_TEST_POSTGRES and PG_DIR.
start_postgres() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL 15 is missing ($PG_BIN/initdb): install it with apt-get install postgresql-15" >&2
    return 1
  fi

  PG_DIR=$(mktemp -d /tmp/watchkeeper-pg.XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi

  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || {
    echo "initdb failed; see $PG_DIR/initdb.log" >&2
    return 1
  }
  # The server is thrown away after the run, so durability is traded for speed.
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || {
    echo "PostgreSQL did not start; see $PG_DIR/server.log" >&2
    return 1
  }

  export WATCHKEEPER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL 15 running on 127.0.0.1:$port (data in $PG_DIR)"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] || return 0
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  else
    "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_DIR"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  start_postgres
  trap stop_postgres EXIT
  echo "$WATCHKEEPER_TEST_POSTGRES"
  echo "Press Ctrl+C to stop."
  while true; do sleep 3600; done
fi
