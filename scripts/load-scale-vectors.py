#!/usr/bin/env python3
"""Gives a scale database's papers stored embeddings, so `paperboy index rebuild` (and `serve`)
build the vector index at full size.

  python3 scripts/load-scale-vectors.py DB VECTORS.f32 [--model all-MiniLM-L6-v2]

VECTORS.f32 holds float32 little-endian rows of 384. With VECTORS.f32.ids beside it
(make-scale-corpus.py --vectors-out), row i goes to the paper whose id is line i; without
(make-scale-vectors.py), to the i-th paper by insertion order. Existing embeddings of the
model are replaced. One transaction per 50,000 rows.
"""
import argparse, os, sqlite3

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("vectors")
    ap.add_argument("--model", default="all-MiniLM-L6-v2")
    args = ap.parse_args()
    con = sqlite3.connect(args.db)
    con.execute("PRAGMA journal_mode=WAL")
    row = 384 * 4
    if os.path.exists(args.vectors + ".ids"):
        pk_of = dict(con.execute("SELECT id, pk FROM papers"))
        with open(args.vectors + ".ids") as f:
            pks = [pk_of.get(line.strip()) for line in f]
    else:
        pks = [r[0] for r in con.execute("SELECT pk FROM papers ORDER BY pk")]
    loaded = 0
    with open(args.vectors, "rb") as f:
        batch = []
        for pk in pks:
            vector = f.read(row)
            if len(vector) < row:
                break
            if pk is None:
                continue
            batch.append((pk, args.model, vector))
            if len(batch) == 50_000:
                con.executemany("INSERT OR REPLACE INTO paper_embeddings(paper_pk, model, vector) VALUES (?, ?, ?)", batch)
                con.commit()
                loaded += len(batch)
                batch = []
        con.executemany("INSERT OR REPLACE INTO paper_embeddings(paper_pk, model, vector) VALUES (?, ?, ?)", batch)
        con.commit()
        loaded += len(batch)
    print(f"{loaded} embeddings of {args.model} loaded into {args.db}")

if __name__ == "__main__":
    main()
