#!/usr/bin/env python3
"""Replays recorded responses over real HTTP for Paperboy's fetcher tests.

    replay_server.py SCENARIO.json LOG.jsonl

SCENARIO: {"routes": [{"path": "/oai", "match": {"resumptionToken": "6967186|1041"}, "file": "page2.xml",
                       "faults": [{"status": 503, "retry_after": 1}, {"truncate": true}, {"hang": 5},
                                 {"file": "error.xml"}]}, ...]}
A request is answered by the first route whose path matches and whose "match" query values are
all present (an empty match matches anything). Each route answers its faults in order, one per
request, then the file with 200. Every request is logged to LOG as {"t": monotonic seconds,
"path": ..., "query": {...}, "status": ...}, so tests measure pacing on the server's side.
Prints "READY <port>" once listening; serves until stdin closes.
"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

scenario = json.load(open(sys.argv[1]))
log_path = sys.argv[2]
lock = threading.Lock()
base = scenario.get("base", "")
for route in scenario["routes"]:
    route.setdefault("faults", [])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        with lock:
            route = next((r for r in scenario["routes"] if r["path"] == url.path
                          and all(query.get(k) == v for k, v in r.get("match", {}).items())), None)
            fault = route["faults"].pop(0) if route and route["faults"] else None
            status = 404 if route is None else fault.get("status", 200) if fault else 200
            with open(log_path, "a") as log:
                log.write(json.dumps({"t": time.monotonic(), "path": url.path, "query": query, "status": status,
                                      "agent": self.headers.get("User-Agent", "")}) + "\n")
        if fault and "hang" in fault:
            time.sleep(fault["hang"])
            return
        body = b"not found"
        headers = {"Content-Type": "text/plain"}
        if route is not None and status == 200:
            body = open(base + (fault or {}).get("file", route["file"]), "rb").read()
            headers = {"Content-Type": route.get("type", "text/xml; charset=utf-8")}
            if fault and fault.get("truncate"):
                body = body[: len(body) // 2]
        elif fault and "retry_after" in fault:
            headers["Retry-After"] = str(fault["retry_after"])
            body = b"busy"
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(f"READY {server.server_address[1]}", flush=True)
sys.stdin.read()
server.shutdown()
