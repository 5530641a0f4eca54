#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the tests and benchmarks: its own data directory,
# a free port on loopback, run as an unprivileged user (postgres when started by root), and
# prints its URL. `scripts/postgres-test-cluster.sh stop DIR` stops it and removes DIR.
#
#   export PAPERBOY_TEST_POSTGRES_URL=$(scripts/postgres-test-cluster.sh start /tmp/paperboy-pg)
#
# With --durable, the cluster keeps PostgreSQL's crash safety (fsync on) for benchmarks;
# otherwise fsync is off, which a throw-away test cluster can afford.
set -euo pipefail

command=${1:-start}
dir=${2:-/tmp/paperboy-pg}
durable=${3:-}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then as_owner=(runuser -u postgres --); fi

case "$command" in
  start)
    if [ -f "$dir/port" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://paperboy@127.0.0.1:$(cat "$dir/port")/paperboy?sslmode=disable"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U paperboy --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    settings="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB"
    if [ "$durable" != "--durable" ]; then settings+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$settings" -l "$dir/server.log" -w start >/dev/null
    "${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U paperboy paperboy
    echo "$port" >"$dir/port"
    echo "postgres://paperboy@127.0.0.1:$port/paperboy?sslmode=disable"
    ;;
  stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [DIR] [--durable]" >&2
    exit 2
    ;;
esac
