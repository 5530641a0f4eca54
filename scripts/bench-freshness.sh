#!/usr/bin/env bash
# How soon papers another process imports become searchable on a running server (issue 14:
# 1,000 new papers within 5 seconds). Works on a scratch copy of DB and its index files, so
# the 1,000 made-up papers never reach the real database.
#   scripts/bench-freshness.sh [DB]     (default ./paperboy.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-paperboy.sqlite}"
work=$(mktemp -d /tmp/paperboy-freshness.XXXXXX)
port=8091
swift build -c release --product paperboy >/dev/null
paperboy=.build/release/paperboy
sqlite3 "$db" ".backup '$work/papers.sqlite'"
cp "$db.keyword-index" "$work/papers.sqlite.keyword-index" 2>/dev/null || true
PAPERBOY_MODEL_DIR=/nonexistent PAPERBOY_FETCH_SOURCES=none PAPERBOY_OUTBOX="$work/outbox" \
  "$paperboy" serve --db "$work/papers.sqlite" --port "$port" --log-level notice \
  >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "keyword index ready" "$work/serve.log"; do sleep 0.2; done
probe="freshnessprobe$RANDOM"
python3 - "$work/new.jsonl" "$probe" <<'PY'
import json, sys
path, probe = sys.argv[1:]
with open(path, "w") as out:
    for i in range(1000):
        out.write(json.dumps({"id": f"local:{i:016x}", "title": f"{probe} paper number {i}", "abstract": "A paper that did not exist a moment ago.",
                              "authors": ["Fresh Author"], "categories": ["cs.LG"], "published": "2026-12-01"}) + "\n")
PY
"$paperboy" import --db "$work/papers.sqlite" "$work/new.jsonl" >/dev/null
python3 - "$port" "$probe" <<'PY'
import json, sys, time, urllib.request
port, probe = sys.argv[1:]
start = time.perf_counter()
while True:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?mode=keyword&q={probe}") as response:
        total = json.load(response)["total"]
    if total == 1000:
        break
    if time.perf_counter() - start > 60:
        sys.exit(f"only {total} of 1000 searchable after 60 s")
    time.sleep(0.05)
print(f"1000 imported papers searchable {time.perf_counter() - start:.2f} s after the import finished")
PY
