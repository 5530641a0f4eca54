#!/usr/bin/env bash
# Sets Paperboy up on a fresh machine and runs its main job on the embedded default:
# builds the release binary, imports the paper corpus into ./paperboy.sqlite and shows
# what is in it. Re-running it is safe: importing merges, it never duplicates.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-packages.sh
swift build -c release
paperboy=.build/release/paperboy

corpus="${PAPERBOY_CORPUS:-../shared/data/papers.jsonl.gz}"
if [ ! -f "$corpus" ]; then
  echo "corpus $corpus not found; importing the bundled sample fixtures instead"
  corpus=Tests/PaperboyCoreTests/Fixtures/papers-sample.jsonl.gz
fi
"$paperboy" import "$corpus"
"$paperboy" stats
"$paperboy" search --limit 5 "contrastive learning"
