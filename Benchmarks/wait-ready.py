#!/usr/bin/env python3
"""Waits until complaintd answers GET /readyz with 200, without disturbing it.

    Benchmarks/wait-ready.py PID PORT [TIMEOUT_SECONDS]

Exits 0 once /readyz answers 200, 1 if the process PID exits first, 2 on timeout. One process
for the whole wait: it tries a TCP connection to 127.0.0.1:PORT every 20 ms and asks /readyz
only once something listens. A `curl` started every 100 ms instead, as the scripts here did,
costs about 9 ms of CPU each time: some 4 % of a two-core machine taken from the replay being
timed.
"""
import http.client
import os
import socket
import sys
import time

pid, port = int(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 3600)


def alive():
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ready():
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
    except OSError:
        return False
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/readyz")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False


while time.monotonic() < deadline:
    if ready():
        sys.exit(0)
    if not alive():
        sys.exit(1)
    time.sleep(0.02)
sys.exit(2)
