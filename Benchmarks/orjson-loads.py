#!/usr/bin/env python3
"""The anchor of the replay bar: orjson.loads over every line of a log's segments.

    Benchmarks/orjson-loads.py LOGDIR [REPLAY_CPU_SECONDS]

Parse only: each segment is read and split first, and only the loads are timed, by thread CPU
time. Prints the line count and the seconds; with a replay's seconds, the ratio as well.
"""
import gc
import glob
import sys
import time

import orjson

gc.disable()
total = lines = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.jsonl")):
    with open(path, "rb") as f:
        data = f.read().split(b"\n")
    started = time.thread_time()
    for line in data:
        if line:
            orjson.loads(line)
    total += time.thread_time() - started
    lines += len(data) - 1
if len(sys.argv) > 2:
    replay = float(sys.argv[2])
    print(f"orjson.loads over the same {lines} lines: {total:.1f} s CPU (parse only); "
          f"complaintd's whole replay {replay:.1f} s CPU -> {total / replay:.2f}x orjson's speed")
else:
    print(f"orjson.loads over {lines} lines: {total:.1f} s CPU")
