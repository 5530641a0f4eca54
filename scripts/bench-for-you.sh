#!/usr/bin/env bash
# "For you" benchmark (BENCHMARKS.md): a release `paperboy serve` on a copy of the corpus
# database (and its indexes); once its recommendation corpus and keyword index are ready,
# scripts/bench-for-you.py signs in, saves
# an author's papers and times the page for the day, week and month (first request trains the
# model; then 200 requests each with it cached).
#   scripts/bench-for-you.sh [DB] [AUTHOR]      (default ./paperboy.sqlite, "Yann LeCun")
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-paperboy.sqlite}"
author="${2:-Yann LeCun}"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
swift build -c release --product paperboy >/dev/null
sqlite3 "$db" ".backup '$work/bench.sqlite'"
# The derived indexes beside it too, so the server loads them instead of building them
# while it is measured.
for index in "$db".keyword-index "$db".vector-index*; do
  [ -e "$index" ] && cp "$index" "$work/bench.sqlite${index#"$db"}"
done
# The reader's account exists, as on a site with readers: the corpus is built at start.
sqlite3 "$work/bench.sqlite" "INSERT OR IGNORE INTO accounts (email, created) VALUES ('bench-reader@example.org', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
PAPERBOY_OUTBOX="$work/outbox" PAPERBOY_FETCH_SOURCES=none .build/release/paperboy serve --db "$work/bench.sqlite" --port 0 \
  --log-level info >"$work/serve.out" 2>&1 &
server=$!
until grep -q "http://" "$work/serve.out" 2>/dev/null; do sleep 0.1; done
url=$(grep -o 'http://[^ /]*' "$work/serve.out" | head -1)
start=$(date +%s)
until curl -s "$url/metrics" | grep -q '^paperboy_recommender_papers [1-9]' &&
      curl -s "$url/metrics" | grep -q '^paperboy_keyword_index_papers [1-9]'; do sleep 0.5; done
echo "recommendation corpus ready $(( $(date +%s) - start )) s after the server listened"
curl -s "$url/metrics" | grep '^paperboy_recommender_'
python3 scripts/bench-for-you.py "$url" "$work/outbox" "$author"
echo "corpus builds during the run: $(grep -c 'recommendation corpus built' "$work/serve.out" || true)"
