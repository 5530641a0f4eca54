#!/usr/bin/env python3
"""Vectors for the vector-index benchmarks at any size, from whatever a database has embedded.

  python3 scripts/make-scale-vectors.py DB N OUT.f32 [--seed 1]

Reads the embeddings in DB's paper_embeddings (however few: make-scale-corpus.py --vectors-out
gives a vector only to papers whose source is embedded) and writes N float32 little-endian
rows of 384: each a seeded random one of them plus Gaussian noise (cosine to it about 0.93,
as make-scale-corpus.py's), unit length. For build time and memory; recall on such copies is
not the real corpus's (a query's true neighbours are near-duplicates ordered by noise).
`scripts/load-scale-vectors.py` gives them to a scale database's papers.
"""
import argparse, sqlite3, sys

NOISE_COSINE = 0.93

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import numpy as np
    rows = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).execute(
        "SELECT vector FROM paper_embeddings ORDER BY paper_pk").fetchall()
    if not rows:
        sys.exit(f"{args.db}: no embeddings (run `paperboy embed --db {args.db}` first)")
    base = np.frombuffer(b"".join(r[0] for r in rows), dtype="<f4").reshape(len(rows), -1)
    dim = base.shape[1]
    sigma = ((1 / NOISE_COSINE ** 2 - 1) / dim) ** 0.5
    rng = np.random.default_rng(args.seed)
    with open(args.out + ".partial", "wb") as f:
        done = 0
        while done < args.n:
            k = min(100_000, args.n - done)
            v = base[rng.integers(0, len(base), k)] + rng.normal(0, sigma, (k, dim)).astype("<f4")
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            f.write(v.astype("<f4").tobytes())
            done += k
    import os
    os.replace(args.out + ".partial", args.out)
    print(f"{args.n} vectors of {dim} from {len(rows)} embeddings in {args.db} to {args.out}")

if __name__ == "__main__":
    main()
