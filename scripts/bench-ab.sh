#!/usr/bin/env bash
# Compares the API's throughput of two builds in one run (BENCHMARKS.md): a release
# `paperboy serve` of each, in turn, over its own copy of the same database, loaded by wrk from
# the same machine with the 200 rotating real queries; each build ROUNDS times (default 2), alternating.
#   scripts/bench-ab.sh OLD_BINARY OLD_DB NEW_BINARY NEW_DB [MODE...]   (modes: default hybrid keyword semantic)
# Make OLD_BINARY from a clean clone at the older commit (`swift build -c release --product paperboy`),
# and give each its own database copy (each keeps its index snapshots beside its database).
set -euo pipefail
cd "$(dirname "$0")/.."
old_bin=$1 old_db=$2 new_bin=$3 new_db=$4
shift 4
modes=("${@:-default}")
tools=../shared/tools
port=8091
run() { # binary db label
  PAPERBOY_FETCH_SOURCES=none "$1" serve --db "$2" --port "$port" --log-level notice >/tmp/paperboy-ab-serve.log 2>&1 &
  local server=$!
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
  until grep -q "keyword index ready" /tmp/paperboy-ab-serve.log; do sleep 0.2; done
  until grep -q "embeddings loaded" /tmp/paperboy-ab-serve.log; do sleep 0.2; done
  # One warm-up pass over the queries (query vectors cached as a running server's would be).
  QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d5s -s $tools/rotate_search.lua "http://127.0.0.1:$port" >/dev/null
  for mode in "${modes[@]}"; do
    if [ "$mode" = default ]; then
      out=$(QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s -s $tools/rotate_search.lua "http://127.0.0.1:$port")
    else
      out=$(MODE=$mode QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s -s scripts/rotate-search-mode.lua "http://127.0.0.1:$port")
    fi
    echo "$3 $mode: $(echo "$out" | awk '/Requests\/sec/ {print $2" req/s"} /Latency/ && !l {print "latency avg "$2; l=1}' | paste -sd' ') rss $(awk '/VmRSS/ {print int($2/1024)" MiB"}' /proc/$server/status)"
  done
  kill $server; wait $server 2>/dev/null || true
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  run "$old_bin" "$old_db" "old (round $round)"
  run "$new_bin" "$new_db" "new (round $round)"
done
