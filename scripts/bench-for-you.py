#!/usr/bin/env python3
"""Times the "For you" page of a running `paperboy serve` (BENCHMARKS.md): signs in as a
reader does (the emailed link read from the server's Maildir), saves an author's papers as the
library, then requests /for-you for the day, week and month: the first request trains the
reader's model, the next ones use it cached.

Usage: bench-for-you.py BASE_URL MAILDIR AUTHOR [REQUESTS]"""
import email, email.policy, glob, http.client, json, os, re, statistics, sys, time, urllib.parse

base, maildir, author = sys.argv[1:4]
requests = int(sys.argv[4]) if len(sys.argv) > 4 else 200
host = urllib.parse.urlparse(base).netloc


def call(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection(host, timeout=120)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read().decode()
    connection.close()
    return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data


form = {"Content-Type": "application/x-www-form-urlencoded"}
status, _, _ = call("POST", "/api/signin", json.dumps({"email": "bench-reader@example.org"}), {"Content-Type": "application/json"})
assert status == 202, status
link = None
deadline = time.time() + 60
while link is None and time.time() < deadline:
    for path in glob.glob(os.path.join(maildir, "new", "*")):
        with open(path, "rb") as f:
            message = email.message_from_bytes(f.read(), policy=email.policy.default)
        if message["Subject"] == "Sign in to Paperboy":
            found = re.search(r"https?://\S+/signin/verify\?\S+", message.get_body(preferencelist=("plain",)).get_content())
            link = found.group(0) if found else None
    time.sleep(0.05)
assert link, "no sign-in mail"
_, _, page = call("GET", link[len(base):])
token = re.search(r'name="token" value="([^"]+)"', page).group(1)
_, headers, _ = call("POST", "/signin/verify", "token=" + token, form)
cookie = headers["set-cookie"].split(";")[0]
_, _, account = call("GET", "/account", headers={"Cookie": cookie})
csrf = re.search(r'name="csrf" value="([^"]+)"', account).group(1)

_, _, found = call("GET", "/api/search?" + urllib.parse.urlencode({"q": f'au:"{author}"', "limit": 100, "mode": "keyword"}))
ids = [paper["id"] for paper in json.loads(found)["results"]]
for paper in ids:
    status, _, _ = call("POST", "/api/library/save", json.dumps({"paper": paper}),
                        {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": csrf})
    assert status == 200, status
print(f"library: {len(ids)} papers of {author}")

results = {}
pages = [(w, "/for-you" + ("" if w == "day" else f"?window={w}")) for w in ["day", "week", "month"]]
pages.append(("month (API)", "/api/for-you?window=month"))
for window, path in pages:
    started = time.perf_counter()
    status, _, body = call("GET", path, headers={"Cookie": cookie})
    first = (time.perf_counter() - started) * 1000
    assert status == 200, status
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _, body = call("GET", path, headers={"Cookie": cookie})
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200
    times.sort()
    cards = body.count('<li class="card">') if not path.startswith("/api") else len(json.loads(body)["papers"]) + len(json.loads(body)["rateThese"])
    results[window] = {"first_ms": round(first, 1), "p50_ms": round(statistics.median(times), 1),
                       "p99_ms": round(times[int(len(times) * 0.99) - 1], 1), "cards": cards}
    print(f"{window}: first (trains) {first:.1f} ms; cached p50 {results[window]['p50_ms']} ms, p99 {results[window]['p99_ms']} ms; {cards} cards")
print(json.dumps(results))
