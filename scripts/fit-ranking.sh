#!/usr/bin/env bash
# Learns hybrid search's ranking weights and writes them into the source
# (Sources/PaperboyCore/Ranking/LinearRanker+Learned.swift), reproducibly: the candidates'
# features of SciFact's train queries and of the judged set are extracted with the ranker in
# use, then `paperboy eval fit-ranking` fits by coordinate ascent on nDCG@10 (deterministic).
#
#   scripts/fit-ranking.sh CORPUS_DB [SCIFACT_DIR]
#
# CORPUS_DB: the 93k-paper corpus, every paper embedded (the judged set's papers); SCIFACT_DIR:
# BEIR SciFact (default ../shared/data/scifact). Needs the model (PAPERBOY_MODEL_DIR).
# Rebuild paperboy afterwards: the weights are compiled in.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/fit-ranking.sh CORPUS_DB [SCIFACT_DIR]}
scifact=${2:-../shared/data/scifact}
work=${PAPERBOY_FIT_DIR:-.build/fit-ranking}
mkdir -p "$work"
swift build -c release --product paperboy >/dev/null
bin=.build/release/paperboy
# SciFact is indexed and embedded once into $work/scifact.sqlite and reused.
$bin eval beir "$scifact" --split train --index "$work/scifact.sqlite" --features-out "$work/scifact-train.json"
$bin eval judged Tests/PaperboyCoreTests/Fixtures/judged-queries.json --db "$corpus" --features-out "$work/judged.json"
$bin eval fit-ranking "$work/scifact-train.json" "$work/judged.json" --ablation \
    --write Sources/PaperboyCore/Ranking/LinearRanker+Learned.swift
echo "weights written to Sources/PaperboyCore/Ranking/LinearRanker+Learned.swift"
