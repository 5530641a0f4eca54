#!/usr/bin/env bash
# Digest benchmark (BENCHMARKS.md): 10,000 subscribers with varied topics (two of the 200
# real search queries each, a category for a third, trending for a quarter; a fifth weekly)
# on a copy of the corpus database; their digests created, then delivered to a real local
# SMTP server (aiosmtpd, Tests/tools/smtp_sink.py) over 4 connections.
# With --for-you every subscriber also follows for-you, with an account whose library is a
# pseudo-reader's papers (their digest then has a model of their own trained in the run).
#   scripts/bench-digest.sh [--for-you] [DB]      (default ./paperboy.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
extra=()
if [ "${1:-}" = "--for-you" ]; then extra=(--for-you); shift; fi
db="${1:-paperboy.sqlite}"
work=$(mktemp -d)
trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT
swift build -c release >/dev/null
sqlite3 "$db" ".backup '$work/bench.sqlite'"
mkfifo "$work/hold"
python3 Tests/tools/smtp_sink.py "$work/mail" <"$work/hold" >"$work/sink.out" &
sink=$!
exec 3>"$work/hold"
until grep -q READY "$work/sink.out" 2>/dev/null; do sleep 0.1; done
port=$(awk '/READY/ {print $2}' "$work/sink.out")
PAPERBOY_SMTP_URL="smtp://127.0.0.1:$port?connections=4" PAPERBOY_MAIL_FROM=digest@papers.example.org \
  .build/release/paperboy bench-digest --db "$work/bench.sqlite" --queries ../shared/tools/search_queries.txt --log-level warning ${extra[@]+"${extra[@]}"}
echo "messages on the SMTP server: $(ls "$work/mail" | grep -c '\.eml$')"
exec 3>&-
