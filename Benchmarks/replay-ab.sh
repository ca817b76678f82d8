#!/usr/bin/env bash
# Full replay (no snapshot) of complaintd binaries side by side: CPU seconds to /readyz.
#
#   Benchmarks/replay-ab.sh DIR PORT RUNS BINARY...
#   RESTART=1 Benchmarks/replay-ab.sh DIR PORT RUNS BINARY...
#
# With RESTART=1 each start loads the snapshot already in DIR instead (start the service on it
# once and stop it with SIGTERM after "snapshot written"); being killed once ready, no start
# writes another, so every one loads the same. Figures then have two decimals.
# DIR is a throwaway copy of what `ComplaintBench generate` wrote (each run removes its snapshots,
# and the service appends the escalations that fall due). Each of RUNS rounds starts every BINARY
# in turn, reads its CPU time (utime + stime) and resident memory once /readyz answers, and kills
# it by its PID, so the binaries alternate under the same load. With two binaries the order
# alternates too (A B, then B A: the host drifts within a round), and the script ends with the
# medians of the per-round ratios B/A, which are steadier than medians of the figures. A copy
# of the first dozen segments of a generated log (`DIR/log/0000000001.jsonl`…, without the
# `MANIFEST` and the summaries) replays in seconds and suits eight or more rounds.
# Listens only on 127.0.0.1.
set -u
dir=$1; port=$2; runs=$3; shift 3
. "$(dirname "$0")/replay-start.sh"
pid=""
results=$(mktemp)
format="%.1f"
if [ "${RESTART:-0}" = 1 ]; then
  format="%.2f"
  ls "$dir"/snapshots/*.snap >/dev/null 2>&1 || { echo "RESTART=1: no snapshot in $dir/snapshots" >&2; exit 1; }
fi
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -f "$results"' EXIT
for run in $(seq 1 "$runs"); do
  order=("$@")
  if [ $# -eq 2 ] && [ $((run % 2)) -eq 0 ]; then order=("$2" "$1"); fi
  for bin in "${order[@]}"; do
    [ "${RESTART:-0}" = 1 ] || rm -f "$dir"/snapshots/*
    replay_to_ready "$bin" "$dir" "$port" warn "$dir.replay-ab.log"
    cpu=$(printf "$format" "$cpu")
    kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
    printf "%s run %s: %s s CPU, $format s wall, %s MB RSS, load %s\n" "$bin" "$run" "$cpu" "$wall" "$rss" "$(cut -d' ' -f1 /proc/loadavg)"
    printf '%s %s %s %s %s\n' "$run" "$bin" "$cpu" "$wall" "$rss" >>"$results"
  done
done
if [ $# -eq 2 ]; then
  awk -v a="$1" -v b="$2" '
    $2 == a { ca[$1] = $3; wa[$1] = $4 } $2 == b { cb[$1] = $3; wb[$1] = $4 }
    function median(v, n,    i, j, t) {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
    END {
      n = 0; for (r in ca) if (r in cb && ca[r] > 0 && wa[r] > 0) { n++; rc[n] = cb[r] / ca[r]; rw[n] = wb[r] / wa[r] }
      if (n) printf "second / first over %d rounds: CPU %.3f, wall %.3f (medians of the ratios)\n", n, median(rc, n), median(rw, n) }
  ' "$results"
fi
