#!/usr/bin/env python3
"""The feed half of the escaping property test: each input line holds an Atom feed and the
titles, authors and categories its entries must carry. The feed is parsed with expat (a real
XML parser); every entry's values must come back as the text they were. Prints one JSON
line per input: {"ok": bool, "problem": str}."""
import json, re, sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

def normalize(text):
    return DROPPED.sub("", text).replace("\r\n", "\n").replace("\r", "\n")

for line in sys.stdin:
    request = json.loads(line)
    try:
        feed = ET.fromstring(request["xml"].encode("utf-8"))
    except ET.ParseError as error:
        print(json.dumps({"ok": False, "problem": "not XML: %s" % error}))
        continue
    entries = feed.findall(ATOM + "entry")
    problem = ""
    if len(entries) != len(request["entries"]):
        problem = "%d entries, expected %d" % (len(entries), len(request["entries"]))
    for entry, expected in zip(entries, request["entries"]):
        if problem:
            break
        if set(child.tag for child in entry) - {ATOM + n for n in ["id", "title", "link", "published", "updated", "author", "category", "summary"]}:
            problem = "unexpected element in an entry"
        elif entry.findtext(ATOM + "title") != normalize(expected["title"]):
            problem = "title %r != %r" % (entry.findtext(ATOM + "title"), normalize(expected["title"]))
        elif [a.findtext(ATOM + "name") for a in entry.findall(ATOM + "author")] != [normalize(a) for a in expected["authors"]]:
            problem = "authors differ"
        elif [c.get("term") for c in entry.findall(ATOM + "category")] != [normalize(c).replace("\n", " ").replace("\t", " ") for c in expected["categories"]]:
            problem = "categories differ: %r" % [c.get("term") for c in entry.findall(ATOM + "category")]
        elif entry.findtext(ATOM + "summary") != normalize(expected["summary"]):
            problem = "summary differs"
    print(json.dumps({"ok": not problem, "problem": problem}))
