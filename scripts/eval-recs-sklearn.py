#!/usr/bin/env python3
"""arxiv-sanity-lite's and zotero-arxiv-daily's recommenders in Python (scikit-learn, numpy) on
the protocol of `paperboy eval recs`, to check the Swift references against the originals.

    python3 scripts/eval-recs-sklearn.py DB [READERS]

DB is a Paperboy SQLite database with every paper embedded; prints nDCG@50 and recall@50 of
svm_tfidf and decayed_cosine over the first READERS (default 300) pseudo-readers.
"""
import hashlib, json, math, sqlite3, sys, time
from collections import defaultdict

import numpy as np
from sklearn import svm
from sklearn.feature_extraction.text import TfidfVectorizer

db = sqlite3.connect(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
rows = db.execute("""select p.id, p.title, coalesce(p.abstract, ''), p.authors, p.published, e.vector
                     from papers p left join paper_embeddings e on e.paper_pk = p.pk order by p.id""").fetchall()
ids = [r[0] for r in rows]
published = np.array([r[4] or "" for r in rows])
vectors = np.vstack([np.frombuffer(r[5], dtype="<f4") for r in rows])

by_author = defaultdict(list)
for i, r in enumerate(rows):
    if r[2] and r[4]:
        for name in set(json.loads(r[3])):
            by_author[name].append(i)
names = sorted((n for n, papers in by_author.items() if len(papers) >= 12),
               key=lambda n: hashlib.sha256(n.encode()).hexdigest())[:count]

tfidf = TfidfVectorizer(strip_accents="unicode", lowercase=True, analyzer="word", stop_words="english",
                        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b", ngram_range=(1, 2), max_features=20000,
                        norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True, max_df=0.1, min_df=5)
X = tfidf.fit_transform([r[1] + " " + r[2] for r in rows]).tocsr()


def metrics(scores, candidates, targets, cutoff=50):
    scores = np.where(candidates, scores, -np.inf)
    top = np.argsort(-scores, kind="stable")[:cutoff]
    wanted = set(targets)
    dcg = sum(1 / math.log2(rank + 2) for rank, i in enumerate(top) if i in wanted)
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(cutoff, len(wanted))))
    return dcg / ideal, sum(1 for i in top if i in wanted) / len(wanted)


results = defaultdict(list)
for name in names:
    own = sorted(by_author[name], key=lambda i: (published[i], ids[i]))
    cut = math.ceil(0.7 * len(own))
    library, targets = own[:cut], own[cut:]
    split_day = published[targets[0]]
    candidates = published >= split_day
    candidates[library] = False
    history = np.where((published < split_day) & (published != ""))[0]
    history = history[~np.isin(history, library)]

    started = time.time()
    samples = np.concatenate([library, history])
    labels = np.zeros(len(samples))
    labels[:len(library)] = 1
    model = svm.LinearSVC(class_weight="balanced", verbose=False, max_iter=10000, tol=1e-6, C=0.01).fit(X[samples], labels)
    results["svm_tfidf"].append(metrics(model.decision_function(X), candidates, targets) + (time.time() - started,))

    started = time.time()
    newest_first = library[::-1]
    weights = 1 / (1 + np.log10(np.arange(len(newest_first)) + 1))
    scores = (vectors @ vectors[newest_first].T) @ (weights / weights.sum())
    results["decayed_cosine"].append(metrics(scores, candidates, targets) + (time.time() - started,))

print(f"{len(names)} readers, {len(ids)} papers (scikit-learn)")
for method, figures in results.items():
    ndcg, recall, seconds = np.mean(figures, axis=0)
    print(f"{method:16s}nDCG@50 {ndcg:.4f}  recall@50 {recall:.4f}  {seconds * 1000:.1f} ms per reader")
