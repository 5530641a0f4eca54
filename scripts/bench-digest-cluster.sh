#!/usr/bin/env bash
# Digests scaled out (BENCHMARKS.md): 10,000 readers (`bench-digest`'s seeded topics) on the
# corpus, their digests created and delivered to a real local SMTP server (aiosmtpd) first
# by one process on SQLite (`bench-digest`), then by PROCESSES (3) `paperboy digest run`
# processes at once on one durable PostgreSQL cluster, as the schedulers of three servers
# would; then every Message-ID counted, to show no digest was made twice.
#   scripts/bench-digest-cluster.sh [CORPUS]      (default ../shared/data/papers.jsonl.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/data/papers.jsonl.gz}"
processes="${PROCESSES:-3}"
queries=../shared/tools/search_queries.txt
now=2026-08-21T12:00:00Z
work=$(mktemp -d /tmp/paperboy-bench-dc.XXXXXX)
pg_dir=$(mktemp -d /tmp/paperboy-bench-dc-pg.XXXXXX)
swift build -c release --product paperboy >/dev/null
bin=.build/release/paperboy
url=$(scripts/postgres-test-cluster.sh start "$pg_dir" --durable)
sink=""
trap '[ -n "$sink" ] && kill $sink 2>/dev/null; scripts/postgres-test-cluster.sh stop "$pg_dir"; rm -rf "$work"' EXIT
mkfifo "$work/hold"
python3 Tests/tools/smtp_sink.py "$work/mail" <"$work/hold" >"$work/sink.out" &
sink=$!
exec 3>"$work/hold"
until grep -q READY "$work/sink.out" 2>/dev/null; do sleep 0.1; done
port=$(awk '/READY/ {print $2}' "$work/sink.out")
export PAPERBOY_SMTP_URL="smtp://127.0.0.1:$port?connections=4" PAPERBOY_MAIL_FROM=digest@papers.example.org

count() {
  echo "messages: $(ls "$work/mail" | grep -c '\.eml$'), distinct Message-IDs: $(cat "$work"/mail/*.eml | grep -a '^Message-ID:' | sort -u | wc -l)"
}

echo "== SQLite, one process (bench-digest)"
$bin import --db "$work/papers.sqlite" "$corpus" 2>/dev/null | tail -1
$bin bench-digest --db "$work/papers.sqlite" --queries "$queries" --now "$now" --log-level warning
count
mkdir "$work/sqlite-mail" && mv "$work"/mail/*.eml "$work/sqlite-mail/"

echo "== PostgreSQL, $processes digest run processes at once"
db="$url&schema=digests"
$bin import --db "$db" "$corpus" 2>/dev/null | tail -1
$bin bench-digest --db "$db" --queries "$queries" --now "$now" --subscribe-only --log-level warning
start=$(date +%s.%N)
pids=()
for i in $(seq 1 "$processes"); do
  PAPERBOY_DIGEST_SEND_EMPTY=true $bin digest run --db "$db" --now "$now" --log-level warning >"$work/run$i.out" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
end=$(date +%s.%N)
for i in $(seq 1 "$processes"); do echo "process $i: $(cat "$work/run$i.out")"; done
echo "digests created and delivered by $processes processes: $(echo "$end - $start" | bc) s"
count
exec 3>&-
