#!/usr/bin/env python3
"""Holds N Server-Sent Event streams open on a running complaintd (GET /v1/stream with a bearer
token) while the caller measures ordinary requests, then checks every stream still delivers.

usage: sse-streams.py PORT TOKEN N READY_FILE STOP_FILE RESULT_FILE

Opens N streams (one socket each, one thread with selectors), waits for each `hello`, writes
READY_FILE, keeps reading (heartbeats, events) until STOP_FILE appears, then posts one complaint
and times how long until every stream has its `complaint.received` event. Writes a JSON summary
to RESULT_FILE: opened, refused, dropped while held, bytes read, delivery of the last event
(median, p99 and max seconds; how many streams got it).
"""
import json, os, selectors, socket, statistics, sys, time, urllib.request

port, token, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ready_file, stop_file, result_file = sys.argv[4], sys.argv[5], sys.argv[6]
request = (f"GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
           "Accept: text/event-stream\r\n\r\n").encode()

selector = selectors.DefaultSelector()
streams = {}  # socket -> {"buffer", "hello", "got", "status"}
refused = 0
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(request)
    s.setblocking(False)
    streams[s] = {"buffer": b"", "hello": False, "got": None, "status": None, "closed": False}
    selector.register(s, selectors.EVENT_READ)

total_bytes = 0
marker = None  # the complaint id whose event we time
posted_at = None


def pump(timeout):
    """Reads whatever arrived; notes hellos, the timed event, and streams the server closed."""
    global total_bytes
    for key, _ in selector.select(timeout):
        s = key.fileobj
        st = streams[s]
        try:
            data = s.recv(65536)
        except BlockingIOError:
            continue
        if not data:
            st["closed"] = True
            selector.unregister(s)
            continue
        total_bytes += len(data)
        st["buffer"] += data
        if st["status"] is None and b"\r\n" in st["buffer"]:
            st["status"] = int(st["buffer"].split(b" ", 2)[1])
        if not st["hello"] and b"event: hello" in st["buffer"]:
            st["hello"] = True
        if marker and st["got"] is None and marker in st["buffer"]:
            st["got"] = time.monotonic()
        if len(st["buffer"]) > 8192:
            st["buffer"] = st["buffer"][-4096:]


deadline = time.monotonic() + 120
while time.monotonic() < deadline and not all(st["hello"] or st["closed"] or (st["status"] or 200) != 200 for st in streams.values()):
    pump(0.5)
opened = sum(1 for st in streams.values() if st["hello"])
refused = sum(1 for st in streams.values() if st["status"] not in (None, 200))
open(ready_file, "w").write(f"{opened}\n")

while not os.path.exists(stop_file):
    pump(0.2)
dropped_while_held = sum(1 for st in streams.values() if st["hello"] and st["closed"])

body = json.dumps({"channel": "phone", "content": "SSE benchmark: delivery to every stream",
                   "complainant": {"name": "Bench", "phone": "13800000000", "estate": "Bench Court", "building": "1", "unit": "101"}}).encode()
post = urllib.request.Request(f"http://127.0.0.1:{port}/v1/complaints", data=body, method="POST",
                              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
posted_at = time.monotonic()
with urllib.request.urlopen(post, timeout=30) as answer:
    marker = json.loads(answer.read())["id"].encode()
deadline = time.monotonic() + 60
while time.monotonic() < deadline and any(st["hello"] and not st["closed"] and st["got"] is None for st in streams.values()):
    pump(0.2)
delays = sorted(st["got"] - posted_at for st in streams.values() if st["got"] is not None)
for s in streams:
    s.close()


def pick(q):
    return round(delays[min(len(delays) - 1, int(q * len(delays)))], 4) if delays else None


json.dump({"streams": count, "opened": opened, "refused": refused, "droppedWhileHeld": dropped_while_held,
           "bytesRead": total_bytes, "eventDelivered": len(delays),
           "deliveryMedianSeconds": round(statistics.median(delays), 4) if delays else None,
           "deliveryP99Seconds": pick(0.99), "deliveryMaxSeconds": round(delays[-1], 4) if delays else None},
          open(result_file, "w"))
