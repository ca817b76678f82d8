#!/usr/bin/env python3
"""Times orjson.loads over every line of FILE (parse only), the bar JSONBench is held to.

    Benchmarks/json-vs-orjson.py FILE [RUNS]

Prints the median thread CPU time of RUNS (default 5, or JSON_BENCH_RUNS; wall time beside it,
CPU time because the machine may be shared) as MB/s (10^6 bytes) and lines/s,
plus a `result name=orjson-loads ...` line that Benchmarks/json-bench.sh reads. The garbage
collector is off while timing, which only makes orjson faster (the conservative choice).
"""
import gc
import os
import statistics
import subprocess
import sys
import time

try:
    import orjson
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "orjson"])
    import orjson


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: json-vs-orjson.py FILE [RUNS]")
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else int(os.environ.get("JSON_BENCH_RUNS", "5"))
    with open(path, "rb") as handle:
        data = handle.read()
    lines = [line for line in data.split(b"\n") if line]
    loads = orjson.loads
    cpu, wall = [], []
    for _ in range(runs):
        gc.disable()
        cpu_start, wall_start = time.thread_time(), time.perf_counter()
        for line in lines:
            loads(line)
        cpu.append(time.thread_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
        gc.enable()
    cpu_median, wall_median = statistics.median(cpu), statistics.median(wall)
    runs_text = " ".join(f"{s:.3f}" for s in sorted(cpu))
    print(f"orjson {orjson.__version__}, Python {sys.version.split()[0]}: {len(lines)} lines, {len(data)} bytes")
    print(f"{'orjson-loads':<14} cpu {cpu_median:.3f} s (wall {wall_median:.3f} s)  {len(data) / cpu_median / 1e6:7.1f} MB/s  "
          f"{len(lines) / cpu_median:9.0f} lines/s   (cpu runs: {runs_text})")
    print(f"result name=orjson-loads cpu={cpu_median:.4f} wall={wall_median:.4f} "
          f"mbps={len(data) / cpu_median / 1e6:.1f} lps={len(lines) / cpu_median:.0f}")

if __name__ == "__main__":
    main()
