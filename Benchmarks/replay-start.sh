# Sourced by the replay scripts (replay-ab.sh, replay-vs-orjson.sh, replay-stages.sh): one start of
# complaintd on a data directory, timed to /readyz.
#
#   replay_to_ready BINARY DIR PORT LEVEL LOGFILE
#
# Starts BINARY on DIR (its staff.json) listening on 127.0.0.1:PORT at log level LEVEL, waits for
# /readyz to answer 200, and sets `pid` (the caller stops it, by PID), `wall` (seconds from start
# to ready), `cpu` (the process's user and system seconds then) and `rss` (MB). Exits the script
# when the process ends before it is ready.
replay_to_ready() {
  local bin=$1 dir=$2 port=$3 level=$4 log=$5 began
  began=$(date +%s.%N)
  "$bin" --config "$dir/staff.json" --data-dir "$dir" --port "$port" --log-level "$level" >"$log" 2>&1 &
  pid=$!
  python3 "$(dirname "${BASH_SOURCE[0]}")/wait-ready.py" "$pid" "$port" || { echo "$bin did not get ready:"; tail -3 "$log"; exit 1; }
  wall=$(echo "$(date +%s.%N) - $began" | bc)
  cpu=$(awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
}
