#!/usr/bin/env bash
# complaintd on a large generated data directory: full replay, restart from a snapshot, memory,
# shutdown, and orjson over the same log lines in the same run.
#
#   Benchmarks/scale-bench.sh DIR [PORT]
#
# DIR is what `ComplaintBench generate DIR N` wrote; it is changed (snapshots are removed and
# written, the service appends the escalations that fall due): use a throwaway directory. Uses
# the release binary (`swift build -c release --product complaintd`, or $COMPLAINTD). Prints:
#   1. full replay (no snapshot): wall and CPU seconds to /readyz, RSS, peak RSS;
#   2. orjson.loads over every line of the same segments (parse only, thread CPU) and the ratio;
#   3. SIGTERM: seconds to exit, peak RSS including the snapshot written on the way out;
#   4. restart from that snapshot: wall and CPU seconds to /readyz, RSS; the snapshot's size.
# With REPLAY=0 it skips 1 and 2 and starts from the snapshot already there.
# With READS=1 it runs Benchmarks/read-bench.py and Benchmarks/search-bench.py between 3 and 4.
# Every process it starts is stopped by its PID; it only listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(cd "$1" && pwd); port=${2:-18090}
bin=${COMPLAINTD:-$(swift build -c release --show-bin-path)/complaintd}
[ -x "$bin" ] || { echo "build first: swift build -c release --product complaintd" >&2; exit 1; }
ticks=$(getconf CLK_TCK)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null || true' EXIT

rss() { awk -v k="$2" '$1 == k":" {printf "%d", $2 / 1024}' "/proc/$1/status"; }
cpu() { awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$1/stat"; }

start() {
  local began; began=$(date +%s.%N)
  "$bin" --config "$dir/staff.json" --data-dir "$dir" --port "$port" --log-level warn >"$dir.bench.log" 2>&1 &
  pid=$!
  python3 Benchmarks/wait-ready.py "$pid" "$port" || { echo "complaintd exited:"; tail -5 "$dir.bench.log"; exit 1; }
  local ready; ready=$(date +%s.%N)
  printf '%s: ready after %.1f s wall, %s s CPU; RSS %s MB, peak %s MB; load %s\n' "$1" \
    "$(echo "$ready - $began" | bc)" "$(cpu "$pid")" "$(rss "$pid" VmRSS)" "$(rss "$pid" VmHWM)" "$(cut -d' ' -f1 /proc/loadavg)"
}

stop() {
  local began peak now; peak=$(rss "$pid" VmHWM); began=$(date +%s.%N)
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    now=$(rss "$pid" VmHWM 2>/dev/null || echo 0); [ "${now:-0}" -gt "$peak" ] && peak=$now
    sleep 0.05
  done
  wait "$pid" 2>/dev/null || true
  printf 'SIGTERM: exited after %.1f s; peak RSS over the whole run %s MB\n' "$(echo "$(date +%s.%N) - $began" | bc)" "$peak"
  pid=""
}

records=$(cat "$dir"/log/*.jsonl | wc -l)
echo "data: $records log lines, $(du -sh "$dir/log" | cut -f1) in $(ls "$dir"/log/*.jsonl | wc -l) segments"
if [ "${REPLAY:-1}" = 1 ]; then
rm -rf "$dir/snapshots"; mkdir -p "$dir/snapshots"
start "full replay"
replay_cpu=$(cpu "$pid")

python3 -c 'import orjson' 2>/dev/null || python3 -m pip install --quiet orjson
python3 Benchmarks/orjson-loads.py "$dir/log" "$replay_cpu"
else
start "restart from snapshot (REPLAY=0)"
fi

if [ "${READS:-0}" = 1 ]; then
  python3 Benchmarks/read-bench.py "http://127.0.0.1:$port" "$dir" || echo "read-bench failed"
  python3 Benchmarks/search-bench.py "http://127.0.0.1:$port" "$dir" 200 || echo "search-bench failed"
fi
stop
start "restart from snapshot"
echo "snapshot: $(du -sh "$dir"/snapshots/*.snap | tail -1 | cut -f1)"
stop
