#!/usr/bin/env python3
"""Times the filtered page of 50 (status + severity + estate, the list staff open most) of a
running complaintd over one keep-alive connection, each estate's first page read once.

    python3 Benchmarks/page-bench.py http://127.0.0.1:PORT DATA_DIR [REQUESTS] [PID] [SEED]

DATA_DIR is what `ComplaintBench generate` wrote (the service runs on it). The estates come from
registrations in three of its log segments, taken in a shuffled order without repeats while they
last, so most pages are of closed complaints no earlier request brought into the cache. With the
service's PID it also prints the service's CPU time per page. Prints one line: p50/p90/p99/max (ms).
"""
import http.client
import json
import os
import random
import statistics
import sys
import time
import urllib.parse

base, data_dir = sys.argv[1], sys.argv[2]
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 400
pid = sys.argv[4] if len(sys.argv) > 4 else None
random.seed(int(sys.argv[5]) if len(sys.argv) > 5 else 20261202)
token = "admin-token-0123456789"

segments = sorted(s for s in os.listdir(os.path.join(data_dir, "log")) if s.endswith(".jsonl"))
estates = set()
for name in (segments[0], segments[len(segments) // 2], segments[-1]):
    with open(os.path.join(data_dir, "log", name), encoding="utf-8") as f:
        for line in f:
            if '"type":"complaint.registered"' in line:
                estates.add(json.loads(line)["data"]["complainant"]["estate"])
order = sorted(estates)
random.shuffle(order)
paths = ["/v1/complaints?status=closed&severity=important&estate=" + urllib.parse.quote(order[i % len(order)])
         for i in range(requests)]
target = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)


def get(path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status} {body[:300]!r}")
    return (time.perf_counter() - started) * 1000, len(json.loads(body)["items"])


def cpu_seconds():
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


get("/v1/complaints?limit=1")
cpu = cpu_seconds()
samples, items = [], 0
for path in paths:
    elapsed, count = get(path)
    samples.append(elapsed)
    items += count
cpu = cpu_seconds() - cpu
samples.sort()


def pct(p):
    return samples[min(len(samples) - 1, int(len(samples) * p))]


print(f"pages {len(samples)} of {len(order)} estates, {items / len(samples):.1f} items: p50 {statistics.median(samples):.2f} "
      f"p90 {pct(0.9):.2f} p99 {pct(0.99):.2f} max {samples[-1]:.2f} ms; CPU {cpu * 1000 / len(samples):.2f} ms/page", flush=True)
