#!/usr/bin/env bash
# PostgreSQL against SQLite on the same machine, in one run (BENCHMARKS.md): import of the 93k
# corpus into each (a fresh SQLite file; a fresh schema of a durable PostgreSQL cluster, fsync
# on, started by scripts/postgres-test-cluster.sh), then /api/search keyword under wrk against a
# `serve` on each (its keyword index built first). wrk shares the machine's cores.
#   scripts/bench-postgres.sh [CORPUS]     (default ../shared/data/papers.jsonl.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/data/papers.jsonl.gz}"
tools=../shared/tools
work=$(mktemp -d /tmp/paperboy-bench-pg.XXXXXX)
pg_dir=$(mktemp -d /tmp/paperboy-bench-pg-cluster.XXXXXX)  # its own, so the postgres user can reach it
swift build -c release --product paperboy >/dev/null
url=$(scripts/postgres-test-cluster.sh start "$pg_dir" --durable)
trap 'scripts/postgres-test-cluster.sh stop "$pg_dir"; rm -rf "$work"' EXIT
bin=.build/release/paperboy
sqlite="$work/papers.sqlite"
postgres="$url&schema=bench"

for db in "$sqlite" "$postgres"; do
  echo "== import into ${db%%\?*}"
  /usr/bin/time -f "wall %e s, peak %M KiB" $bin import --db "$db" "$corpus"
done

port=8090
for db in "$sqlite" "$postgres"; do
  echo "== /api/search?mode=keyword on ${db%%\?*}: wrk -t2 -c16 -d20s, the 200 rotating real queries"
  index_dir=()
  if [[ "$db" == postgres* ]]; then index_dir=(PAPERBOY_INDEX_DIR="$work"); fi
  env "${index_dir[@]}" PAPERBOY_FETCH_SOURCES=none PAPERBOY_MODEL_DIR="$work/no-model" \
    $bin serve --db "$db" --port "$port" --no-sample --log-level notice >"$work/serve.log" 2>&1 &
  server=$!
  until grep -q "keyword index ready" "$work/serve.log" && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.5
  done
  MODE=keyword QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s --latency -s scripts/rotate-search-mode.lua "http://127.0.0.1:$port"
  kill $server; wait $server 2>/dev/null || true
  port=$((port + 1))
done
