#!/usr/bin/env python3
"""Paperboy's encoder against the PyTorch reference, in one run on the same 1,000 abstracts.

Needs sentence-transformers and torch (CPU) in the Python that runs it (benchmark only, not
CI), the model in models/all-MiniLM-L6-v2 and a release build:

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch sentence-transformers
    swift build -c release --product paperboy
    /tmp/torchvenv/bin/python scripts/bench-embed.py [--papers ../shared/data/papers.jsonl.gz] [--db paperboy.sqlite]

Prints both throughputs (texts per second on every core), their ratio, one query's latency
for each, and how closely Paperboy's 1,000 vectors agree with PyTorch's (cosine). With --db,
Paperboy also times a semantic query end to end over every stored embedding.
"""
import argparse, gzip, json, os, statistics, subprocess, sys, tempfile, time

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

parser = argparse.ArgumentParser()
parser.add_argument("--papers", default="../shared/data/papers.jsonl.gz")
parser.add_argument("--count", type=int, default=1000)
parser.add_argument("--model", default="models/all-MiniLM-L6-v2")
parser.add_argument("--binary", default=".build/release/paperboy")
parser.add_argument("--db", default=None, help="also time queries over this database's embeddings")
parser.add_argument("--queries", default="../shared/tools/search_queries.txt")
args = parser.parse_args()

texts = []
with gzip.open(args.papers, "rt", encoding="utf-8") as lines:
    for line in lines:
        paper = json.loads(line)
        if paper.get("abstract"):
            texts.append(paper["title"] + ". " + paper["abstract"])
            if len(texts) == args.count:
                break
work = tempfile.mkdtemp()
texts_file = os.path.join(work, "texts.jsonl")
with open(texts_file, "w", encoding="utf-8") as out:
    for text in texts:
        out.write(json.dumps(text) + "\n")

cores = os.cpu_count()
torch.set_num_threads(cores)
model = SentenceTransformer(args.model, device="cpu")
model.max_seq_length = 256
model.encode(texts[:8])  # warm-up
started = time.perf_counter()
reference = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
torch_seconds = time.perf_counter() - started
latencies = []
for query in ["second-order optimizer preconditioning", "diffusion models for video generation", "graph neural networks"]:
    for _ in range(10):
        t = time.perf_counter()
        model.encode([query])
        latencies.append((time.perf_counter() - t) * 1000)
print(f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads): {len(texts)} texts in {torch_seconds:.1f} s: "
      f"{len(texts) / torch_seconds:.1f} texts/s; one query p50 {statistics.median(latencies):.2f} ms")

vectors_file = os.path.join(work, "vectors.f32")
command = [args.binary, "bench-embed", "--model-dir", args.model, "--texts", texts_file, "--save-vectors", vectors_file]
if args.db:
    command += ["--db", args.db, "--queries", args.queries]
output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
print("Paperboy: " + output.strip().replace("\n", "\nPaperboy: "))
swift_rate = float(output.split(" texts/s")[0].split(": ")[-1])
print(f"ratio Paperboy / PyTorch: {swift_rate / (len(texts) / torch_seconds):.2f}x")

ours = np.fromfile(vectors_file, dtype=np.float32).reshape(len(texts), -1)
cosines = (ours * reference).sum(axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(reference, axis=1))
print(f"agreement over {len(texts)} texts: min cosine {cosines.min():.6f}, max |diff| {np.abs(ours - reference).max():.2e}")
