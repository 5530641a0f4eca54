#!/usr/bin/env python3
"""A large corpus for scale benchmarks (issue 14), synthesised from the real 93k papers so that
term statistics, field lengths, author lists, categories and dates stay realistic.

  python3 scripts/make-scale-corpus.py N OUT.jsonl.gz [--source ../shared/data/papers.jsonl.gz]
      [--seed 1] [--synthetic-only] [--vectors-db DB --vectors-out OUT.f32]

The output is Paperboy JSON Lines (what `paperboy import` reads). Unless --synthetic-only, the
first papers are the real ones, unchanged (as many as N allows; the 2 that `paperboy import`
refuses for having over 2,000 authors are left out); the rest are synthetic. Each
synthetic paper takes a real source paper (every real paper once per pass, in a seeded order) and:
  - keeps its categories, author list, upvotes (null for most, as in the source) and whether it
    has an abstract at all;
  - gets a title made of the source title's head (up to its first ':' or joining word such as
    'for', 'with', 'via') and the tail of another real title of the same category;
  - gets an abstract that starts with the source's first sentence and goes on with real
    sentences drawn from papers of the same category until it is about as long as the source's;
  - gets dates shifted by the same seeded offset (at most 60 days, kept inside the real range
    of `published` and of `listed`), so the dates follow the real distribution without piling
    every copy on one day;
  - gets a new-style id YYMM.NNNNN, spread round-robin over the months 1501 to the corpus's last
    month (5-digit numbers are what arXiv uses since 2015), skipping every real id;
  - has `sources` = ["synthetic:<source id>"], so a synthetic paper is never mistaken for a real
    one and says where it came from.
The same arguments give a byte-identical file (random.Random(seed), gzip without time stamp).
Papers are streamed: only the source corpus and its sentence pools are held in memory.

With --vectors-db, DB is a Paperboy database whose paper_embeddings hold the real papers'
vectors; for every output paper whose source has one, OUT.f32 gets a float32 little-endian row
(the real vector itself for a real paper; the source's vector plus seeded Gaussian noise for a
synthetic one, cosine to the source about 0.93, unit length) and OUT.f32.ids its id, one a line.
"""
import argparse, datetime, gzip, json, os, random, re, sqlite3, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

# Sentence ends inside abstracts: '.', '!' or '?' followed by a space and a capital letter.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Where a title's head ends and its tail starts: a colon, or a joining word, after a head of at
# least MIN_HEAD characters (so a head is never a lone 'Masked' or 'On').
TITLE_JOIN = re.compile(r":\s|\s(?:for|with|via|using|through|towards?|from|by|in|on)\s", re.IGNORECASE)
MIN_HEAD = 12
# A category with fewer papers than this borrows the pool of its archive (math.AG -> math), or
# of the whole corpus, so small categories do not repeat the same few sentences.
MIN_POOL_PAPERS = 50
MAX_DATE_SHIFT_DAYS = 60
MAX_AUTHORS = 2000  # PaperDraft.Limits.authors
NOISE_COSINE = 0.93  # target cosine between a synthetic paper's vector and its source's


def title_cut(title):
    """Where the title's head ends, or None for a title that does not split."""
    return next((m.start() for m in TITLE_JOIN.finditer(title) if m.start() >= MIN_HEAD), None)


def day(text):
    return datetime.date.fromisoformat(text) if text else None


class Pools:
    """Real sentences and title tails, by category (or archive, or everything)."""

    def __init__(self, papers):
        counts = {}
        for p in papers:
            for key in self.keys(p):
                counts[key] = counts.get(key, 0) + 1
        self.sentences, self.tails, self.key_of = {}, {}, {}
        for p in papers:
            key = next(k for k in self.keys(p) if counts[k] >= MIN_POOL_PAPERS or k == "*")
            self.key_of[p["id"]] = key
            if p["abstract"]:
                self.sentences.setdefault(key, []).extend(SENTENCE_END.split(p["abstract"]))
            cut = title_cut(p["title"])
            if cut is not None:
                self.tails.setdefault(key, []).append(p["title"][cut:])
        everything = [t for ts in self.tails.values() for t in ts]
        self.tails["*"] = self.tails.get("*", []) + everything  # fallback for a pool with none

    @staticmethod
    def keys(p):
        """Pool keys from the narrowest to the widest; papers without categories share one."""
        primary = p["categories"][0] if p["categories"] else ""
        return (primary, primary.split(".")[0], "*") if primary else ("", "*")


def synthesise(src, pools, rng, new_id, date_range):
    key = pools.key_of[src["id"]]
    title = src["title"]
    head = title[:title_cut(title)]  # the whole title when it does not split
    tails = pools.tails.get(key) or pools.tails["*"]
    title = head + rng.choice(tails)

    abstract = src["abstract"]
    if abstract:
        pool = pools.sentences[key]
        parts = [SENTENCE_END.split(abstract, 1)[0]]
        length, target = len(parts[0]), len(abstract)
        while length < target - 40 and len(parts) < 60:  # stop within a short sentence of the target
            parts.append(rng.choice(pool))
            length += len(parts[-1]) + 1
        abstract = " ".join(parts)

    # One offset for both dates keeps the gap between publication and listing; the offset is
    # drawn from the part of [-MAX, +MAX] that keeps both dates inside their real ranges.
    published, listed = day(src["published"]), day(src["listed"])
    low, high = -MAX_DATE_SHIFT_DAYS, MAX_DATE_SHIFT_DAYS
    for d, (first, last) in ((published, date_range["published"]), (listed, date_range["listed"])):
        if d:
            low, high = max(low, (first - d).days), min(high, (last - d).days)
    shift = datetime.timedelta(days=rng.randint(low, high) if low <= high else 0)
    return {
        "id": new_id, "title": title, "abstract": abstract, "authors": src["authors"],
        "categories": src["categories"],
        "published": (published + shift).isoformat() if published else None,
        "listed": (listed + shift).isoformat() if listed else None,
        "upvotes": src["upvotes"], "sources": ["synthetic:" + src["id"]],
    }


def real(p):
    keep = ("id", "title", "abstract", "authors", "categories", "published", "listed", "upvotes", "sources")
    return {k: p.get(k) for k in keep}


def synthetic_ids(real_ids, last_month):
    """YYMM.NNNNN ids, round-robin over the months 1501..last_month, never a real id."""
    months = [f"{y % 100:02d}{m:02d}" for y in range(2015, last_month[0] + 1) for m in range(1, 13)
              if (y, m) <= last_month]
    k = 0
    while True:
        new_id = f"{months[k % len(months)]}.{k // len(months) + 1:05d}"
        k += 1
        if k // len(months) >= 99_999:
            sys.exit("ran out of 5-digit ids")
        if new_id not in real_ids:
            yield new_id


class Vectors:
    """Writes one float32 row per output paper whose source has a stored embedding."""

    def __init__(self, db, out, seed, model=None):
        try:
            import numpy as np  # only needed for vectors
        except ImportError:
            sys.exit("vectors need numpy (pip install numpy, or apt-get install python3-numpy)")
        self.np = np
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            models = con.execute("SELECT model, count(*) FROM paper_embeddings GROUP BY model ORDER BY 2 DESC").fetchall()
        except sqlite3.OperationalError as e:
            sys.exit(f"{db}: no paper_embeddings table ({e}); vectors were requested, nothing written")
        if not models:
            sys.exit(f"{db}: paper_embeddings is empty (run `paperboy embed --db {db}` first); vectors were requested, nothing written")
        model = model or models[0][0]
        rows = con.execute("SELECT papers.id, paper_embeddings.vector FROM paper_embeddings "
                           "JOIN papers ON papers.pk = paper_embeddings.paper_pk WHERE model = ? ORDER BY papers.id",
                           (model,)).fetchall()
        if not rows:
            sys.exit(f"{db}: no embeddings for model {model!r} (models there: {models})")
        self.row_of = {pid: i for i, (pid, _) in enumerate(rows)}
        base = np.frombuffer(b"".join(v for _, v in rows), dtype="<f4").reshape(len(rows), -1).copy()
        base /= np.linalg.norm(base, axis=1, keepdims=True)
        self.base, self.dim = base, base.shape[1]
        # For a unit vector v and noise n ~ N(0, sigma^2 I) in d dimensions, |n|^2 is about
        # d sigma^2 and n is nearly orthogonal to v, so cos(v, v+n) ~ 1/sqrt(1 + d sigma^2).
        self.sigma = ((1 / NOISE_COSINE ** 2 - 1) / self.dim) ** 0.5
        self.rng = np.random.default_rng(seed)
        self.out, self.ids = open(out, "wb"), open(out + ".ids", "w")
        self.pending, self.written, self.noisy, self.cosines = [], 0, 0, 0.0
        print(f"vectors: {len(rows)} {self.dim}-dim embeddings of model {model} from {db}, noise sigma {self.sigma:.4f}",
              file=sys.stderr)

    def add(self, paper_id, source_id, noisy):
        row = self.row_of.get(source_id)
        if row is not None:
            self.pending.append((paper_id, row, noisy))
            if len(self.pending) >= 4096:
                self.flush()

    def flush(self):
        np = self.np
        if not self.pending:
            return
        ids, rows, noisy = zip(*self.pending)
        base = self.base[list(rows)]
        noise = self.rng.standard_normal(base.shape, dtype=np.float32) * self.sigma
        mask = np.asarray(noisy)
        v = base + noise * mask[:, None]  # real papers keep their own vector
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        self.cosines += float((v * base).sum(axis=1)[mask].sum())
        self.noisy += int(mask.sum())
        self.out.write(v.astype("<f4").tobytes())
        self.ids.write("".join(i + "\n" for i in ids))
        self.written += len(ids)
        self.pending = []

    def close(self):
        self.flush()
        self.out.close()
        self.ids.close()
        mean = self.cosines / self.noisy if self.noisy else float("nan")
        return f"{self.written} vectors ({self.dim} float32 each, mean cosine of synthetic to source {mean:.3f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="papers to write")
    ap.add_argument("out", help="output .jsonl.gz")
    ap.add_argument("--source", default=os.path.join(SHARED, "data", "papers.jsonl.gz"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--synthetic-only", action="store_true", help="do not start with the real papers")
    ap.add_argument("--vectors-db", help="Paperboy database with the real papers' embeddings")
    ap.add_argument("--vectors-out", help="raw float32 rows (and OUT.ids), with --vectors-db")
    ap.add_argument("--vectors-model", help="model name in paper_embeddings (default: the most common)")
    args = ap.parse_args()
    if bool(args.vectors_db) != bool(args.vectors_out):
        ap.error("--vectors-db and --vectors-out go together")
    t0 = time.time()

    with gzip.open(args.source, "rt", encoding="utf-8") as f:
        papers = [json.loads(line) for line in f]
    # `paperboy import` refuses a paper with more authors than this (two real collaboration
    # papers); leaving them out means every paper written is imported.
    papers = [p for p in papers if len(p["authors"]) <= MAX_AUTHORS]
    pools = Pools(papers)
    real_ids = {p["id"] for p in papers}
    date_range = {k: (min(day(p[k]) for p in papers if p[k]), max(day(p[k]) for p in papers if p[k]))
                  for k in ("published", "listed")}
    last = max(date_range["published"][1], date_range["listed"][1])
    ids = synthetic_ids(real_ids, (last.year, last.month))
    vectors = Vectors(args.vectors_db, args.vectors_out, args.seed, args.vectors_model) if args.vectors_db else None
    rng = random.Random(args.seed)
    order = []
    print(f"source: {len(papers)} papers, {sum(map(len, pools.sentences.values()))} sentences in "
          f"{len(pools.sentences)} pools ({time.time() - t0:.1f} s)", file=sys.stderr)

    # Write to a temporary name and rename at the end, so an interrupted run never leaves a
    # file that looks complete (bench-scale.sh caches corpora by name).
    tmp = args.out + ".partial"
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, filename="", mtime=0) as out:
        batch = []
        n_real = 0 if args.synthetic_only else min(args.n, len(papers))
        for i in range(args.n):
            if i < n_real:
                p, source_id, noisy = real(papers[i]), papers[i]["id"], False
            else:
                if not order:  # every real paper is a source once per pass, in a new seeded order
                    order = list(range(len(papers)))
                    rng.shuffle(order)
                src = papers[order.pop()]
                p, source_id, noisy = synthesise(src, pools, rng, next(ids), date_range), src["id"], True
            batch.append(json.dumps(p, ensure_ascii=False))
            if vectors:
                vectors.add(p["id"], source_id, noisy)
            if len(batch) == 10_000 or i == args.n - 1:
                out.write(("\n".join(batch) + "\n").encode("utf-8"))
                batch = []
            if (i + 1) % 100_000 == 0:
                print(f"  {i + 1} papers, {time.time() - t0:.0f} s", file=sys.stderr)
    os.replace(tmp, args.out)
    summary = f"wrote {args.n} papers ({n_real} real, {args.n - n_real} synthetic) to {args.out}"
    if vectors:
        summary += "; " + vectors.close() + f" to {args.vectors_out}"
    print(f"{summary} in {time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
