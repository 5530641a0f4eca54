#!/usr/bin/env python3
"""Parses .eml files with Python's email package and prints what the tests check, as JSON:
headers (decoded), content types, the text and HTML parts, and the links they hold."""
import email, email.policy, json, re, sys

out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        raw = f.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts[part.get_content_type()] = part.get_content()
    text = parts.get("text/plain", "")
    out.append({
        "path": path,
        "defects": [str(d) for d in message.defects],
        "headers": {k: str(v) for k, v in message.items()},
        "content_type": message.get_content_type(),
        "parts": list(parts.keys()),
        "text": text,
        "html": parts.get("text/html", ""),
        "links": re.findall(r"https?://\S+", text),
        "crlf_only": b"\n" not in raw.replace(b"\r\n", b""),
        "max_line": max(len(l) for l in raw.split(b"\r\n")),
    })
print(json.dumps(out))
