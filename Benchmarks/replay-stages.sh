#!/usr/bin/env bash
# One full replay (no snapshot) of a data directory at info level, to /readyz: its wall and CPU
# seconds, its RSS, the replay pipeline's own figures (each thread's CPU and waits, chunks the
# fold decoded) and the host's CPU split over the run (vmstat every 5 s). For telling which of
# the replay's two stages bounds it, and what the host did meanwhile.
#
#   Benchmarks/replay-stages.sh BINARY DIR PORT
#
# DIR is a throwaway copy of what `ComplaintBench generate` wrote (the run removes its snapshots;
# the service appends the escalations that fall due). vmstat's first line (averages since boot)
# is left out. Listens only on 127.0.0.1; every process it starts is stopped by its PID.
set -u
bin=$1; dir=$2; port=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/replay-start.sh"
log=$(mktemp); stat=$(mktemp)
pid=""; vm=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; [ -n "$vm" ] && kill "$vm" 2>/dev/null; rm -f "$log" "$stat"' EXIT
rm -f "$dir"/snapshots/*
vmstat 5 >"$stat" &
vm=$!
replay_to_ready "$bin" "$dir" "$port" info "$log"
kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
kill "$vm"; wait "$vm" 2>/dev/null; vm=""
printf '%s: %.1f s wall, %.1f s CPU, %s MB RSS\n' "$bin" "$wall" "$cpu" "$rss"
grep -o '"msg":"replay pipeline".*' "$log" | tr -d '{}"' | tr ',' '\n' | sed -n 's/^\([a-zA-Z]*\):/  \1 /p' | grep -v '^  msg '
awk 'NR > 3 { us += $13; sy += $14; id += $15; wa += $16; st += $17; n++ }
  END { if (n) printf "  host over %d samples: user %.0f %%, system %.0f %%, idle %.0f %%, io wait %.0f %%, steal %.0f %%\n", n, us / n, sy / n, id / n, wa / n, st / n }' "$stat"
