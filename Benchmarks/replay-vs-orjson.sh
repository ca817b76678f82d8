#!/usr/bin/env bash
# The replay bar of issue 9 in rounds: orjson.loads over a log's lines, then each complaintd
# binary's full replay (no snapshot) of the same log, to /readyz.
#
#   Benchmarks/replay-vs-orjson.sh DIR PORT ROUNDS BINARY...
#
# DIR is a throwaway copy of what `ComplaintBench generate` wrote (each run removes its snapshots;
# the service appends the escalations that fall due). Per round it prints orjson's CPU seconds
# (Benchmarks/orjson-loads.py: parse only), then for each binary its wall and CPU seconds to
# /readyz, the ratio orjson CPU / replay wall (the bar: >= 1.0) and the host's steal over the
# run. It ends with each binary's median ratio. Only ratios within one round mean much: this
# host ran the same replay 25 % apart within an hour. The binaries take turns at going first
# after orjson: a replay right after another replay ran some 5 % slower (the page cache full of
# the first one's pages, reclaimed as the second reads), so a fixed order favoured the first
# binary. Listens only on 127.0.0.1; every process it starts is stopped by its PID.
set -u
dir=$1; port=$2; rounds=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/replay-start.sh"
pid=""
results=$(mktemp)
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -f "$results"' EXIT
python3 -c 'import orjson' 2>/dev/null || python3 -m pip install --quiet orjson
stat_cpu() { awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; print $9, total }' /proc/stat; }
steal() { echo "$1 $2" | awk '{ printf "%.1f", 100 * ($3 - $1) / (($4 - $2) > 0 ? $4 - $2 : 1) }'; }
for round in $(seq 1 "$rounds"); do
  before=$(stat_cpu)
  orjson=$(python3 "$here/orjson-loads.py" "$dir/log" | awk '{ print $(NF - 2) }')
  echo "round $round: orjson.loads $orjson s CPU, steal $(steal "$before" "$(stat_cpu)") %"
  binaries=("$@")
  for turn in $(seq 0 $(($# - 1))); do
    bin=${binaries[$(((turn + round - 1) % $#))]}
    rm -f "$dir"/snapshots/*
    before=$(stat_cpu)
    replay_to_ready "$bin" "$dir" "$port" warn "$dir.replay-vs-orjson.log"
    kill -KILL "$pid"; wait "$pid" 2>/dev/null; pid=""
    ratio=$(echo "$orjson $wall" | awk '{ printf "%.2f", $1 / $2 }')
    printf '  %s: %.1f s wall, %.1f s CPU -> %sx, steal %s %%\n' "$bin" "$wall" "$cpu" "$ratio" "$(steal "$before" "$(stat_cpu)")"
    echo "$bin $ratio" >>"$results"
  done
done
awk '{ r[$1] = r[$1] " " $2 } END {
  for (b in r) { n = split(r[b], v, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    printf "median over %d rounds: %s %.2fx orjson\n", n, b, n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 } }' "$results"
