#!/usr/bin/env python3
"""Times the complaint search of a running complaintd over one keep-alive connection.

    python3 Benchmarks/search-bench.py http://127.0.0.1:PORT DATA_DIR [REQUESTS_PER_KIND] [TOKEN]

DATA_DIR is what `ComplaintBench generate` wrote (the service runs on it); the queries use the
phones, names, homes and words of real registrations read from three of its log segments, so
every search finds what staff would look for. Prints p50/p99 (ms) per kind, the mean number of
matches (`total`) and how often the total was only a lower bound.
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
per_kind = int(sys.argv[3]) if len(sys.argv) > 3 else 500
token = sys.argv[4] if len(sys.argv) > 4 else "admin-token-0123456789"
random.seed(20261201)

segments = sorted(os.listdir(os.path.join(data_dir, "log")))
segments = [s for s in segments if s.endswith(".jsonl")]
people = []
for name in (segments[0], segments[len(segments) // 2], segments[-1]):
    with open(os.path.join(data_dir, "log", name), encoding="utf-8") as f:
        for line in f:
            if '"type":"complaint.registered"' not in line:
                continue
            data = json.loads(line)["data"]
            people.append(data)
print(f"{len(people)} registrations sampled from {len(segments)} segments", file=sys.stderr)

words = ["电梯", "漏水", "噪音", "停车", "物业费", "垃圾", "保洁", "门禁", "绿化", "空调", "楼道灯", "装修"]
target = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)


def query(path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": "Bearer " + token})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status} {body[:300]!r}")
    answer = json.loads(body)
    return elapsed, answer["total"], answer["totalIsLowerBound"]


def person():
    return random.choice(people)["complainant"]


kinds = {
    "phone (whole number, q=)": lambda: "/v1/complaints?q=" + urllib.parse.quote(person()["phone"]),
    "phone, last four (q=)": lambda: "/v1/complaints?q=" + person()["phone"][-4:],
    "owner's name (name=)": lambda: "/v1/complaints?name=" + urllib.parse.quote(person()["name"]),
    "home 3-1202 (q=), every estate": lambda: "/v1/complaints?q=" + urllib.parse.quote(person()["building"] + "-" + person()["unit"]),
    "home in one estate (q= + estate=)": lambda: (lambda p: "/v1/complaints?q=" + urllib.parse.quote(p["building"] + "-" + p["unit"])
                                                  + "&estate=" + urllib.parse.quote(p["estate"]))(person()),
    "text, one word (text=)": lambda: "/v1/complaints?text=" + urllib.parse.quote(random.choice(words)),
    "text in one estate (text= + estate=)": lambda: "/v1/complaints?text=" + urllib.parse.quote(random.choice(words))
                                                   + "&estate=" + urllib.parse.quote(person()["estate"]),
    "filtered page (status, severity, estate)": lambda: "/v1/complaints?status=closed&severity=important&estate="
                                                       + urllib.parse.quote(person()["estate"]),
    "open work queue (status=…&sort=due)": lambda: "/v1/complaints?status=dispatched,in_progress&department=engineering&sort=due",
    "unfiltered newest page": lambda: "/v1/complaints",
}
print(f"| query | p50 ms | p99 ms | mean total | lower bound |")
print(f"| --- | --- | --- | --- | --- |")
for label, make in kinds.items():
    query(make())  # warm the connection and the path
    samples, totals, bounds = [], [], 0
    for _ in range(per_kind):
        elapsed, total, bound = query(make())
        samples.append(elapsed)
        totals.append(total)
        bounds += bound
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print(f"| {label} | {statistics.median(samples):.2f} | {p99:.2f} | {statistics.mean(totals):.0f} | {bounds}/{per_kind} |", flush=True)
