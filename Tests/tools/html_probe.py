#!/usr/bin/env python3
"""Parses HTML documents with html5lib (the WHATWG parsing algorithm, as browsers parse) and
prints what the tests check, as JSON lines: for each input line {"html": ..., "fragment":
bool}, the document's elements in order as [tag, {attribute: value}] and its text."""
import json, sys
import html5lib

for line in sys.stdin:
    request = json.loads(line)
    if request.get("fragment"):
        tree = html5lib.parseFragment(request["html"], treebuilder="etree", namespaceHTMLElements=False)
    else:
        tree = html5lib.parse(request["html"], treebuilder="etree", namespaceHTMLElements=False)
    elements = []
    texts = []
    for element in tree.iter():
        if isinstance(element.tag, str):
            elements.append([element.tag, dict(element.attrib)])
        if element.text:
            texts.append(element.text)
        if element.tail:
            texts.append(element.tail)
    sys.stdout.write(json.dumps({"elements": elements, "text": "".join(texts)}) + "\n")
sys.stdout.flush()
