#!/usr/bin/env bash
# Restarts from the snapshot already in DIR, complaintd binaries taking turns: wall and CPU
# seconds to /readyz, then each binary's medians.
#
#   Benchmarks/restart-ab.sh DIR PORT ROUNDS BINARY...
#
# DIR is a throwaway copy of a generated data directory that holds a snapshot (start the
# service on it once and stop it with SIGTERM after "snapshot written"). Each start is killed
# once ready, so the snapshot stays the same one. Listens only on 127.0.0.1; every process it
# starts is stopped by its PID.
set -u
dir=$1; port=$2; rounds=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
ticks=$(getconf CLK_TCK)
pid=""
results=$(mktemp)
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -f "$results"' EXIT
ls "$dir"/snapshots/*.snap >/dev/null 2>&1 || { echo "no snapshot in $dir/snapshots" >&2; exit 1; }
for round in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    began=$(date +%s.%N)
    "$bin" --config "$dir/staff.json" --data-dir "$dir" --port "$port" --log-level warn >"$dir.restart-ab.log" 2>&1 &
    pid=$!
    python3 "$here/wait-ready.py" "$pid" "$port" || { echo "$bin did not get ready:"; tail -3 "$dir.restart-ab.log"; exit 1; }
    wall=$(echo "$(date +%s.%N) - $began" | bc)
    cpu=$(awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat")
    kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
    printf '%s %s: %.2f s wall, %s s CPU\n' "$round" "$bin" "$wall" "$cpu"
    echo "$bin $wall $cpu" >>"$results"
  done
done
awk '{ w[$1] = w[$1] " " $2; c[$1] = c[$1] " " $3 }
  function median(list,    v, n, i, j, t) {
    n = split(list, v, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  END { for (b in w) printf "median: %s %.2f s wall, %.2f s CPU\n", b, median(w[b]), median(c[b]) }' "$results"
