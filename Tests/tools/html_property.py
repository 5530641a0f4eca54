#!/usr/bin/env python3
"""The checking half of the escaping property test. Each input line holds a page (or
fragment) rendered with hostile text, the same page rendered with harmless text, and
expectations. Both are parsed with html5lib, as a browser parses; the hostile page must have
exactly the elements and attribute names of the harmless one (no markup, attribute or
element came out of the text), and each expected value must come back as the text or
attribute value it was. Prints one JSON line per input: {"ok": bool, "problem": str}."""
import json, re, sys
import html5lib

DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

def normalize(text):
    """What the page should show: Paperboy's escape drops the controls XML cannot carry,
    and HTML parsing turns CR LF and CR into LF."""
    return DROPPED.sub("", text).replace("\r\n", "\n").replace("\r", "\n")

def parse(html, fragment):
    if fragment:
        return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)

def shape(tree):
    return [(e.tag, sorted(e.attrib)) for e in tree.iter() if isinstance(e.tag, str)]

def text_of(element):
    return "".join(element.itertext())

def check(line):
    request = json.loads(line)
    fragment = request.get("fragment", False)
    hostile, harmless = parse(request["html"], fragment), parse(request["baseline"], fragment)
    if shape(hostile) != shape(harmless):
        a, b = shape(hostile), shape(harmless)
        first = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
        return {"ok": False, "problem": "structure differs at element %d: %r vs %r" % (first, a[first:first + 2], b[first:first + 2])}
    for tag, match, attribute, value, mode in request["expect"]:
        found = [e for e in hostile.iter() if e.tag == tag and all(e.attrib.get(k) == v for k, v in match.items())]
        if not found:
            return {"ok": False, "problem": "no <%s %r>" % (tag, match)}
        actual = text_of(found[0]) if attribute == "#text" else found[0].attrib.get(attribute)
        expected = normalize(value)
        if (mode == "equals" and actual != expected) or (mode == "prefix" and not (actual or "").startswith(expected)):
            return {"ok": False, "problem": "<%s %r> %s is %r, expected %r" % (tag, match, attribute, actual, expected)}
    return {"ok": True, "problem": ""}

# One process: a multiprocessing pool hung for good when one of its workers died under the
# load of the full test suite, and the tests run in parallel anyway.
if __name__ == "__main__":
    for line in sys.stdin:
        sys.stdout.write(json.dumps(check(line)) + "\n")
