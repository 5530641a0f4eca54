#!/usr/bin/env python3
"""Writes the hostile import files of the tests: OUT.jsonl.gz holds good records around a
line of LINE_MB megabytes (a gzip bomb: it compresses about a thousand to one), a record
with a RECORD_MB-megabyte abstract and one with a 100 kB abstract; OUT.xml.gz holds good
Atom entries around one whose title is a text node of LINE_MB megabytes."""
import gzip, json, sys

out, line_mb, record_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def good(n):
    return json.dumps({"id": "2401.%05d" % n, "title": "Good paper %d" % n, "abstract": "Fine.", "authors": ["A. Author"]}) + "\n"

chunk = b"x" * (1 << 20)
with gzip.open(out + ".jsonl.gz", "wb", compresslevel=6) as f:
    f.write(good(1).encode())
    f.write(b'{"id": "2401.90001", "title": "')
    for _ in range(line_mb):
        f.write(chunk)
    f.write(b'"}\n')
    f.write(good(2).encode())
    f.write(b'{"id": "2401.90002", "title": "Huge abstract", "abstract": "')
    for _ in range(record_mb):
        f.write(b"word " * (1 << 18) + b"more")
    f.write(b'"}\n')
    f.write(good(3).encode())
    f.write(json.dumps({"id": "2401.90003", "title": "Long abstract", "abstract": "w " * 50_000}).encode() + b"\n")
    f.write(good(4).encode())

def entry(n, title):
    return ("<entry><id>http://arxiv.org/abs/2402.%05dv1</id><title>%s</title><summary>S</summary>"
            "<published>2024-02-01T00:00:00Z</published></entry>" % (n, title)).encode()

with gzip.open(out + ".xml.gz", "wb", compresslevel=6) as f:
    f.write(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">')
    f.write(entry(1, "Good entry one"))
    f.write(b"<entry><id>http://arxiv.org/abs/2402.90001v1</id><title>")
    for _ in range(line_mb):
        f.write(chunk)
    f.write(b"</title></entry>")
    f.write(entry(2, "Good entry two"))
    f.write(b"</feed>")
