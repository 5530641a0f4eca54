#!/usr/bin/env bash
# A try-out of Paperboy scaled out, all on loopback: a PostgreSQL cluster, the 93k corpus
# (or the bundled sample) imported into it, three `paperboy serve` processes on it (ports
# 8081-8083, each with its own search indexes), and nginx balancing them on port 8080.
#   scripts/cluster-demo.sh [CORPUS]        Ctrl-C stops everything and removes the cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/data/papers.jsonl.gz}"
swift build -c release --product paperboy >/dev/null
bin=.build/release/paperboy
work=$(mktemp -d /tmp/paperboy-cluster.XXXXXX)
pg_dir=$(mktemp -d /tmp/paperboy-cluster-pg.XXXXXX)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/postgres-test-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
db="$(scripts/postgres-test-cluster.sh start "$pg_dir" --durable)"
echo "PostgreSQL: $db"
if [ -f "$corpus" ]; then $bin import --db "$db" "$corpus"; fi
for port in 8081 8082 8083; do
  mkdir -p "$work/$port"
  PAPERBOY_INDEX_DIR="$work/$port" PAPERBOY_OUTBOX="$work/outbox" PAPERBOY_PUBLIC_URL=http://127.0.0.1:8080 \
    PAPERBOY_TRUSTED_PROXIES=127.0.0.1 PAPERBOY_FETCH_SOURCES="$([ $port = 8081 ] && echo hf,arxiv || echo none)" \
    $bin serve --db "$db" --port $port >"$work/$port/serve.log" 2>&1 &
  pids+=($!)
done
for port in 8081 8082 8083; do until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.5; done; done
scripts/nginx-balancer.sh "$work/nginx" 8080 8081 8082 8083 &
pids+=($!)
until curl -sf http://127.0.0.1:8080/healthz >/dev/null; do sleep 0.2; done
echo "Paperboy is running at http://127.0.0.1:8080/ (three servers behind nginx; logs in $work)"
wait
