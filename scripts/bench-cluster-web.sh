#!/usr/bin/env bash
# /api/search through nginx in front of one, two and three `paperboy serve` processes on one
# PostgreSQL database (BENCHMARKS.md), keyword mode, the 200 rotating real queries under
# `wrk -t2 -c16 -d20s`; and one server on the SQLite file in the same run, without nginx and
# with it, for reference. Everything shares this machine's cores, wrk and PostgreSQL too.
#   scripts/bench-cluster-web.sh [CORPUS]      (default ../shared/data/papers.jsonl.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/data/papers.jsonl.gz}"
tools=../shared/tools
work=$(mktemp -d /tmp/paperboy-bench-cw.XXXXXX)
pg_dir=$(mktemp -d /tmp/paperboy-bench-cw-pg.XXXXXX)
swift build -c release --product paperboy >/dev/null
bin=.build/release/paperboy
url=$(scripts/postgres-test-cluster.sh start "$pg_dir" --durable)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stop_all; scripts/postgres-test-cluster.sh stop "$pg_dir"; rm -rf "$work"' EXIT

serve() {  # DB PORT [INDEX_DIR]
  local env=(PAPERBOY_FETCH_SOURCES=none PAPERBOY_MODEL_DIR="$work/no-model" PAPERBOY_TRUSTED_PROXIES=127.0.0.1)
  if [ -n "${3:-}" ]; then mkdir -p "$3"; env+=(PAPERBOY_INDEX_DIR="$3"); fi
  env "${env[@]}" $bin serve --db "$1" --port "$2" --no-sample --log-level notice >"$work/serve-$2.log" 2>&1 &
  pids+=($!)
  until grep -q "keyword index ready" "$work/serve-$2.log" && curl -sf "http://127.0.0.1:$2/healthz" >/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/serve-$2.log"; exit 1; }
    sleep 0.5
  done
}
balance() {  # PORT SERVER_PORT...
  scripts/nginx-balancer.sh "$work/nginx-$1" "$@" >/dev/null 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$1/healthz" >/dev/null; do sleep 0.2; done
}
ticks() { local total=0 pid; for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $total; }
load() {  # LABEL URL: throughput, latency, and CPU time per request of the servers, PostgreSQL and nginx
  echo "== $1"
  local servers postgres balancer
  servers=$(pgrep -f "paperboy serve" || true); postgres=$(pgrep -u postgres || true); balancer=$(pgrep -x nginx || true)
  local s0 p0 n0; s0=$(ticks $servers); p0=$(ticks $postgres); n0=$(ticks $balancer)
  MODE=keyword QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s --latency -s scripts/rotate-search-mode.lua "$2" >"$work/wrk.out"
  local requests; requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  grep -E "Requests/sec|50%|99%" "$work/wrk.out"
  local hz; hz=$(getconf CLK_TCK)
  echo "CPU ms per request: servers $(echo "scale=3; ($(ticks $servers) - $s0) * 1000 / $hz / $requests" | bc)," \
       "PostgreSQL $(echo "scale=3; ($(ticks $postgres) - $p0) * 1000 / $hz / $requests" | bc)," \
       "nginx $(echo "scale=3; ($(ticks $balancer) - $n0) * 1000 / $hz / $requests" | bc)"
}

$bin import --db "$work/papers.sqlite" "$corpus" 2>/dev/null | tail -1
serve "$work/papers.sqlite" 8101
load "SQLite, one server, direct" http://127.0.0.1:8101
balance 8100 8101
load "SQLite, one server, through nginx" http://127.0.0.1:8100
stop_all

db="$url&schema=web"
$bin import --db "$db" "$corpus" 2>/dev/null | tail -1
serve "$db" 8111 "$work/index-8111"
serve "$db" 8112 "$work/index-8112"
serve "$db" 8113 "$work/index-8113"
load "PostgreSQL, one server, direct" http://127.0.0.1:8111
balance 8120 8111
load "PostgreSQL, nginx in front of one server" http://127.0.0.1:8120
balance 8121 8111 8112
load "PostgreSQL, nginx in front of two servers" http://127.0.0.1:8121
balance 8122 8111 8112 8113
load "PostgreSQL, nginx in front of three servers" http://127.0.0.1:8122
