#!/usr/bin/env bash
# sse-bench.sh — does holding thousands of Server-Sent Event streams hurt ordinary requests?
# Starts the release complaintd on loopback, measures GET /healthz and an authenticated
# GET /v1/complaints?limit=20 with wrk, first with no stream open, then with STREAMS streams on
# /v1/stream (heartbeats every HEARTBEAT seconds), alternating RUNS times; then checks a new
# complaint reaches every held stream and prints the delivery times. Every process started is
# stopped by PID.
#
# Environment: STREAMS (2000), RUNS (2), DURATION (10), CONNECTIONS (32), HEARTBEAT (2),
#              COMPLAINTD_BIN (default: build .build/release/complaintd), OUT_DIR.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STREAMS="${STREAMS:-2000}"; RUNS="${RUNS:-2}"; DURATION="${DURATION:-10}"; CONNECTIONS="${CONNECTIONS:-32}"
HEARTBEAT="${HEARTBEAT:-2}"
OUT="${OUT_DIR:-/tmp/complaintd-sse.$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
command -v wrk >/dev/null || { log "wrk is not installed (apt-get install wrk)"; exit 1; }

BIN="${COMPLAINTD_BIN:-}"
if [ -z "$BIN" ]; then
  (cd "$ROOT" && swift build -c release --product complaintd >"$OUT/build.log" 2>&1) || { log "build failed: $OUT/build.log"; exit 1; }
  BIN="$ROOT/.build/release/complaintd"
fi

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
DATA="$(mktemp -d)"; PORT="$(free_port)"
printf '{"live": {"heartbeatSeconds": %s, "maxStreams": %s}}\n' "$HEARTBEAT" "$((STREAMS + 100))" >"$DATA/config.json"
"$BIN" --config "$DATA/config.json" --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" --fsync never --log-level warn \
  >"$OUT/complaintd.log" 2>&1 &
PID=$!
HOLDER=""
cleanup() {
  [ -n "$HOLDER" ] && { kill "$HOLDER" 2>/dev/null; wait "$HOLDER" 2>/dev/null; }
  kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 400); do curl -fs -o /dev/null -m 1 "http://127.0.0.1:$PORT/readyz" && break; sleep 0.05; done
TOKEN="$(cat "$DATA/data/admin.token")"
BODY='{"channel":"phone","complainant":{"name":"Li Wei","phone":"13800000000","estate":"Green Court","building":"3","unit":"1202"},"content":"Seed"}'
for _ in $(seq 1 50); do
  curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" "http://127.0.0.1:$PORT/v1/complaints"
done

rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
# One wrk run: "requests/s p50 p99" (latencies in ms).
measure() {
  local path="$1"; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path" >"$OUT/wrk.txt" 2>&1
  python3 - "$OUT/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rate:.0f} {ms(50):.3f} {ms(99):.3f} {errors.group(1) if errors else 0}")
PY
}

RESULTS="$OUT/results.txt"; : >"$RESULTS"
run_case() {  # label
  local label="$1"
  for path in /healthz "/v1/complaints?limit=20"; do
    local extra=()
    [[ "$path" == /v1/* ]] && extra=(-H "Authorization: Bearer $TOKEN")
    read -r rate p50 p99 bad < <(measure "$path" "${extra[@]}")
    printf '%-10s %-26s %8s req/s  p50 %7s ms  p99 %7s ms  non-2xx %s  rss %s KiB\n' \
      "$label" "$path" "$rate" "$p50" "$p99" "$bad" "$(rss)" | tee -a "$RESULTS" >&2
  done
}

log "complaintd on 127.0.0.1:$PORT; wrk -t2 -c$CONNECTIONS -d${DURATION}s; $STREAMS streams, heartbeat ${HEARTBEAT}s"
for run in $(seq 1 "$RUNS"); do
  run_case "0 streams"
  rm -f "$OUT/ready" "$OUT/stop" "$OUT/sse.json"
  python3 "$HERE/sse-streams.py" "$PORT" "$TOKEN" "$STREAMS" "$OUT/ready" "$OUT/stop" "$OUT/sse.json" &
  HOLDER=$!
  for _ in $(seq 1 1200); do [ -s "$OUT/ready" ] && break; sleep 0.1; done
  log "run $run: $(cat "$OUT/ready" 2>/dev/null || echo '?') streams open; server has $(ls "/proc/$PID/fd" | wc -l) descriptors"
  run_case "$STREAMS open"
  touch "$OUT/stop"
  wait "$HOLDER"; HOLDER=""
  log "run $run: streams: $(cat "$OUT/sse.json")"
  cat "$OUT/sse.json" >>"$OUT/sse-all.json"; echo >>"$OUT/sse-all.json"
done
log "results in $OUT (results.txt, sse-all.json)"
cat "$RESULTS"
