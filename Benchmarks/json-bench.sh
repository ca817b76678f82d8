#!/usr/bin/env bash
# JSONCodec against orjson on the same event-log lines, in one run, and the ratio.
#
#   Benchmarks/json-bench.sh [FILE]
#
# Without FILE, writes /tmp/complaintd-jsonbench-$JSON_BENCH_LINES.jsonl first (1,000,000
# lines by default, ~480 MB, reused by later runs). Then runs JSONBench (validate, typed
# decode, JSONValue, typed write) and Benchmarks/json-vs-orjson.py (orjson.loads, parse only)
# alternately for JSON_BENCH_ROUNDS rounds (default 3) of JSON_BENCH_RUNS runs each (default
# 3), so both see the same machine load, and prints the medians and the typed-decode/orjson
# ratio. Figures are per thread CPU time (the machine may be shared); wall time is beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${JSON_BENCH_LINES:-1000000}
rounds=${JSON_BENCH_ROUNDS:-3}
export JSON_BENCH_RUNS=${JSON_BENCH_RUNS:-3}
file=${1:-/tmp/complaintd-jsonbench-$lines.jsonl}

swift build -c release --product JSONBench 2>&1 | grep -Ev '^\[|^Building|^Build of|Compiling|Write' || true
bin="$(swift build -c release --show-bin-path)/JSONBench"
[ -f "$file" ] || "$bin" generate "$file" "$lines"
python3 -c 'import orjson' 2>/dev/null || python3 -m pip install --quiet orjson

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds"
  "$bin" "$file" | tee -a "$results" | grep -v '^result' | sed 's/^/  /'
  python3 Benchmarks/json-vs-orjson.py "$file" | tee -a "$results" | grep -v '^result' | sed 's/^/  /'
done

echo
echo "medians over $rounds rounds (file: $file)"
grep '^result' "$results" | awk '
  { name = ""; for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "name") name = kv[2]; else values[name, kv[1], ++count[name, kv[1]]] = kv[2] }
    names[name] = 1 }
  function median(name, key,    n, i, j, t, a) {
    n = count[name, key]; for (i = 1; i <= n; i++) a[i] = values[name, key, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END {
    split("validate typed-decode json-value typed-write orjson-loads", order, " ")
    printf "  %-14s %10s %10s %10s %12s\n", "", "cpu s", "wall s", "MB/s", "lines/s"
    for (k = 1; k <= 5; k++) { n = order[k]; if (!(n in names)) continue
      printf "  %-14s %10.3f %10.3f %10.1f %12.0f\n", n, median(n, "cpu"), median(n, "wall"), median(n, "mbps"), median(n, "lps") }
    if (("typed-decode" in names) && ("orjson-loads" in names)) {
      printf "\n  typed decode vs orjson.loads: %.2fx (CPU time), %.2fx (wall time)\n",
        median("orjson-loads", "cpu") / median("typed-decode", "cpu"), median("orjson-loads", "wall") / median("typed-decode", "wall")
      printf "  validate vs orjson.loads:     %.2fx (CPU time)\n", median("orjson-loads", "cpu") / median("validate", "cpu")
    }
  }'
