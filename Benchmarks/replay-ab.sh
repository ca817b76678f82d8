#!/usr/bin/env bash
# Full replay (no snapshot) of complaintd binaries side by side: CPU seconds to /readyz.
#
#   Benchmarks/replay-ab.sh DIR PORT RUNS BINARY...
#
# DIR is a throwaway copy of what `ComplaintBench generate` wrote (each run removes its snapshots,
# and the service appends the escalations that fall due). Each of RUNS rounds starts every BINARY
# in turn, reads its CPU time (utime + stime) once /readyz answers, and kills it by its PID, so the
# binaries alternate under the same load: compare medians. Listens only on 127.0.0.1.
set -u
dir=$1; port=$2; runs=$3; shift 3
ticks=$(getconf CLK_TCK)
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true' EXIT
for run in $(seq 1 "$runs"); do
  for bin in "$@"; do
    rm -f "$dir"/snapshots/*
    began=$(date +%s.%N)
    "$bin" --config "$dir/staff.json" --data-dir "$dir" --port "$port" --log-level warn >"$dir.replay-ab.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do
      kill -0 "$pid" 2>/dev/null || { echo "$bin exited:"; tail -3 "$dir.replay-ab.log"; exit 1; }
      sleep 0.1
    done
    cpu=$(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$pid/stat")
    wall=$(echo "$(date +%s.%N) - $began" | bc)
    kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
    printf '%s run %s: %s s CPU, %.1f s wall, load %s\n' "$bin" "$run" "$cpu" "$wall" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
