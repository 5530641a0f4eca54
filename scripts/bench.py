#!/usr/bin/env python3
"""Paperboy's import and search benchmark (issue 2), with the raw-SQLite ceiling measured in
the same run. Not part of CI.

  python3 scripts/bench.py [--corpus ../shared/data/papers.jsonl.gz] [--rounds 3]

For each round it runs the ceiling (../shared/tools/sqlite_ceiling.py: Python json + sqlite3,
plain table + one FTS5 'rebuild') and `paperboy import` into fresh databases, alternating so
both see the same machine state; it reports medians, the speed ratio, Paperboy's peak memory,
checks that a second import changes no row count, then times 200 real queries in process
(`paperboy bench-search`, process start excluded) and prints p50/p99 and latency by match count.
"""
import argparse, os, platform, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def run(cmd):
    """Runs a command; returns (seconds, peak RSS of that process in MiB, stdout)."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - t0
        if status != 0:
            sys.exit(f"{' '.join(cmd)} failed with status {status}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(SHARED, "data", "papers.jsonl.gz"))
    ap.add_argument("--queries", default=os.path.join(SHARED, "tools", "search_queries.txt"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True, capture_output=True)
    paperboy = os.path.join(ROOT, ".build", "release", "paperboy")
    ceiling_tool = os.path.join(SHARED, "tools", "sqlite_ceiling.py")
    tmp = tempfile.mkdtemp(prefix="paperboy-bench-")
    ceiling_db, db = os.path.join(tmp, "ceiling.sqlite"), os.path.join(tmp, "paperboy.sqlite")

    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.platform()}; date {time.strftime('%Y-%m-%d %H:%M')}")
    ceiling, ours, peaks = [], [], []
    rows = None
    for r in range(args.rounds):
        _, _, out = run([sys.executable, ceiling_tool, args.corpus, ceiling_db])
        seconds, rows = out.split()
        ceiling.append(float(seconds))
        fresh(db)
        seconds, peak, out = run([paperboy, "import", "--db", db, args.corpus])
        ours.append(seconds)
        peaks.append(peak)
        print(f"round {r + 1}: ceiling {ceiling[-1]:.2f} s, paperboy {seconds:.2f} s "
              f"(peak {peak:.0f} MiB)  {out.strip().split(': ', 1)[-1]}")
    c, p = statistics.median(ceiling), statistics.median(ours)
    print(f"import of {rows} papers: ceiling median {c:.2f} s ({int(rows) / c:.0f} rows/s), "
          f"paperboy median {p:.2f} s ({int(rows) / p:.0f} papers/s); "
          f"speed ratio paperboy/ceiling = {c / p:.2f}x; peak memory {max(peaks):.0f} MiB")

    count = lambda: subprocess.run([paperboy, "stats", "--json", "--db", db], check=True,
                                   capture_output=True, text=True).stdout
    before = count()
    seconds, _, out = run([paperboy, "import", "--db", db, args.corpus])
    same = before.split('"papers" :')[1].split(",")[0] == count().split('"papers" :')[1].split(",")[0]
    print(f"second import: {seconds:.2f} s, row count unchanged: {same}; {out.strip().split(': ', 1)[-1]}")

    for label, extra in (("paperboy_bm25 (in-memory lengths)", []), ("reference: FTS5 built-in bm25()", ["--builtin-bm25"])):
        _, _, out = run([paperboy, "bench-search", "--db", db, "--queries", args.queries, "--rounds", "5"] + extra)
        print(f"search, in process, 200 queries x 5 rounds (limit 20), {label}:")
        print(out.rstrip())


if __name__ == "__main__":
    main()
