#!/usr/bin/env bash
# Web benchmarks (BENCHMARKS.md): a release `paperboy serve` over a database holding the
# 93k-paper corpus, loaded by wrk from the same machine (they share its cores).
#   scripts/bench-web.sh [DB]      (default ./paperboy.sqlite, imported by scripts/quickstart.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-paperboy.sqlite}"
tools=../shared/tools
port=8089
swift build -c release >/dev/null
.build/release/paperboy serve --db "$db" --port "$port" --log-level notice >/tmp/paperboy-bench-serve.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
sleep 5 # let the background warm-up (term statistics, similar lists) finish before measuring

# Both indexes loaded (or built, the first time) before measuring.
until grep -q "keyword index ready" /tmp/paperboy-bench-serve.log; do sleep 0.2; done
until grep -q "embeddings loaded" /tmp/paperboy-bench-serve.log || grep -q "papers are not embedded" /tmp/paperboy-bench-serve.log; do sleep 0.2; done
echo "resident memory with both indexes loaded: $(awk '/VmRSS/ {print int($2/1024)" MiB"}' /proc/$server/status)"
echo "== /api/search, 200 rotating real queries, the default mode (hybrid once papers have embeddings): wrk -t2 -c16 -d20s"
QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s -s $tools/rotate_search.lua "http://127.0.0.1:$port"
for mode in keyword semantic; do
  echo "== /api/search, the same queries, mode=$mode"
  MODE=$mode QUERIES=$tools/search_queries.txt wrk -t2 -c16 -d20s -s scripts/rotate-search-mode.lua "http://127.0.0.1:$port"
done
echo "== / (trending, cached): wrk -t2 -c16 -d20s"
wrk -t2 -c16 -d20s "http://127.0.0.1:$port/"
echo "== paper pages: time per page, first view and second; similar lists missing: $(sqlite3 "$db" 'SELECT count(*) FROM papers WHERE pk NOT IN (SELECT paper_pk FROM similar_lists)')"
ids=$(curl -s "http://127.0.0.1:$port/api/search?q=learning&mode=keyword&limit=100&offset=200" | python3 -c 'import sys,json; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))')
python3 - "$port" $ids <<'PY'
import sys, time, urllib.request, statistics
port, ids = sys.argv[1], sys.argv[2:]
def get(path):
    t = time.perf_counter(); urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read(); return (time.perf_counter() - t) * 1000
first = [get(f"/papers/{i}") for i in ids]
again = [get(f"/papers/{i}") for i in ids]
for name, xs in (("first view", first), ("cached", again)):
    xs = sorted(xs)
    print(f"{name}: n={len(xs)} p50 {statistics.median(xs):.1f} ms p95 {xs[int(len(xs)*0.95)-1]:.1f} ms max {xs[-1]:.1f} ms")
PY
