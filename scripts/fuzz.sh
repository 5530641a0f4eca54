#!/usr/bin/env bash
# Fuzzes one target with libFuzzer: scripts/fuzz.sh TARGET SECONDS [JOBS]
#   TARGET: xml, json, abs, query or escape (Sources/PaperboyFuzzTargets)
# Builds paperboy-fuzz with -sanitize=fuzzer in its own build directory (.build-fuzz), seeds
# the corpus from the test fixtures, runs for SECONDS and prints executions per second and
# findings. A finding is written to fuzz/findings/TARGET/; copy it into
# Tests/PaperboyCoreTests/Fixtures/fuzz/TARGET/ so the regression test replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:-600}
case "$target" in xml|json|abs|query|escape) ;; *) echo "unknown target $target (xml, json, abs, query, escape)" >&2; exit 2;; esac

# lld, since gold fails on libFuzzer's objects.
swift build --scratch-path .build-fuzz --product paperboy-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
binary=.build-fuzz/debug/paperboy-fuzz

fixtures=Tests/PaperboyCoreTests/Fixtures
corpus=fuzz/corpus/$target
findings=fuzz/findings/$target
mkdir -p "$corpus" "$findings"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
case "$target" in
  xml)
    # The first byte picks the reader: even for Atom, odd for OAI-PMH.
    for f in "$fixtures"/arxiv-api-*.xml; do { printf '\x00'; head -c 60000 "$f"; } > "$seeds/$(basename "$f")"; done
    for f in "$fixtures"/oai-*.xml; do { printf '\x01'; head -c 60000 "$f"; } > "$seeds/$(basename "$f")"; done ;;
  json)
    for f in "$fixtures"/hf-daily-papers-*.json; do { printf '\x00'; head -c 60000 "$f"; } > "$seeds/$(basename "$f")"; done
    { printf '\x01'; gzip -dc "$fixtures/papers-sample.jsonl.gz" | head -n 20 || true; } > "$seeds/papers.jsonl"
    { printf '\x02'; head -n 2 "$fixtures/kaggle-snapshot.jsonl"; } > "$seeds/kaggle.jsonl" ;;
  abs)
    cp "$fixtures"/*.abs "$seeds/" ;;
  query)
    i=0
    while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" > "$seeds/q$i"; done < <(
      printf '%s\n' 'video generation' 'au:"Geoffrey Hinton" -cat:cs.CR' 'ti:transformer* OR abs:attention' '"exact phrase" NOT diffusion' \
        'zzz"̸)OR(learning"̸' 'NEAR(a b, 3)' '{title abstract}: x' 'cat:cs.CV 2401.12345')
    if [ -f ../shared/tools/search_queries.txt ]; then
      while IFS= read -r line; do i=$((i + 1)); printf '%s' "$line" > "$seeds/q$i"; done < ../shared/tools/search_queries.txt
    fi ;;
  escape)
    printf '%s' '"̸ autofocus onfocus=alert(1) x=' > "$seeds/quote"
    printf '%s' '<script>alert(1)</script> & "quotes" '"'"'single'"'"' `tick`' > "$seeds/markup"
    printf 'Subject line with \xe2\x80\xa8 separator and \x1b[2J escape' > "$seeds/controls"
    printf 'a%.0s\xcc\x81' $(seq 1 200) > "$seeds/combining" ;;
esac

log=$(mktemp)
status=0
SWIFT_BACKTRACE=enable=no PAPERBOY_FUZZ_TARGET=$target "$binary" "$corpus" "$seeds" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$findings/" -print_final_stats=1 > "$log" 2>&1 || status=$?
runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
coverage=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
found=$(find "$findings" -type f | wc -l)
echo "target $target: ${seconds} s, ${runs:-0} executions, ${rate:-0} per second, coverage ${coverage:-?} edges, corpus $(ls "$corpus" | wc -l) inputs, findings $found (exit $status)"
if [ "$status" -ne 0 ]; then tail -40 "$log" >&2; fi
rm -f "$log"
exit "$status"
