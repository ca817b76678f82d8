#!/usr/bin/env python3
"""Times reads of single complaints of a running complaintd, hot and cold, and the size of the
largest answers, over one keep-alive connection.

    python3 Benchmarks/read-bench.py http://127.0.0.1:PORT DATA_DIR [COLD_IDS] [TOKEN]

DATA_DIR is what `ComplaintBench generate` wrote (the service runs on it). Complaint ids come from
the registrations in eight log segments spread over the log: ids from the newest segment are the
open, "hot" complaints (whole in memory); ids from older segments are closed ones, read back from
the log on first request ("cold", COLD_IDS of them, default 20,000, each requested once — more than
the service's cache holds), then requested again ("cached"). Prints p50/p99 (ms) per kind, and
the byte size of the first page of every list endpoint at its largest `limit`.
"""
import http.client
import os
import random
import re
import statistics
import sys
import time
import urllib.parse

base, data_dir = sys.argv[1], sys.argv[2]
cold_count = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
token = sys.argv[4] if len(sys.argv) > 4 else "admin-token-0123456789"
random.seed(20261201)

pattern = re.compile(rb'"type":"complaint\.registered","stream":"([^"]+)"')
segments = sorted(s for s in os.listdir(os.path.join(data_dir, "log")) if s.endswith(".jsonl"))
picked = sorted({segments[i * (len(segments) - 1) // 7] for i in range(8)})


def ids_in(name):
    found = []
    with open(os.path.join(data_dir, "log", name), "rb") as f:
        for line in f:
            m = pattern.search(line, 0, 200)
            if m:
                found.append(m.group(1).decode())
    return found


older = [i for name in picked[:-1] for i in ids_in(name)]
newest = ids_in(picked[-1])[-2000:]
print(f"{len(older)} older and {len(newest)} newest ids from {len(picked)} of {len(segments)} segments", file=sys.stderr)

target = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)


def get(path):
    global connection
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
        # The server closed the idle keep-alive connection: open another one, time this request anew.
        connection.close()
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
        started = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status} {body[:300]!r}")
    return elapsed, len(body)


def row(label, paths):
    samples = sorted(get(p)[0] for p in paths)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"| {label} | {len(samples)} | {statistics.median(samples):.2f} | {p99:.2f} | {samples[-1]:.2f} |", flush=True)


cold = random.sample(older, min(cold_count, len(older)))
hot = [random.choice(newest) for _ in range(2000)]
get("/v1/complaints/" + hot[0])
print("| read | requests | p50 ms | p99 ms | max ms |")
print("| --- | --- | --- | --- | --- |")
row("GET /v1/complaints/{id}, hot (open, in memory)", ["/v1/complaints/" + i for i in hot])
row("GET /v1/complaints/{id}, cold (closed, first read from the log)", ["/v1/complaints/" + i for i in cold])
again = cold[-2000:]
row("GET /v1/complaints/{id}, cold again (cached)", ["/v1/complaints/" + i for i in again])
taken = set(cold)
fresh = random.sample([i for i in older if i not in taken], min(2000, max(0, len(older) - len(cold))))
if fresh:
    row("GET /v1/complaints/{id}/events, cold", ["/v1/complaints/" + i + "/events" for i in fresh])

print()
print("| list (first page, largest limit) | bytes |")
print("| --- | --- |")
for path in ["/v1/complaints?limit=200", "/v1/escalations?limit=200", "/v1/visits?limit=200",
             "/v1/notifications?limit=200", "/v1/announcements?limit=200",
             "/v1/complaints/" + cold[0] + "/events?limit=200"]:
    try:
        print(f"| `{path.replace(cold[0], '{id}')}` | {get(path)[1]:,} |", flush=True)
    except SystemExit as refused:
        print(f"| `{path}` | refused: {refused} |")
