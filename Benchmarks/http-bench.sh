#!/usr/bin/env bash
# http-bench.sh — complaintd beside the yardstick: the Hummingbird peer and nginx
# (../shared/bench/run-peers.sh, same wrk invocations, alternating run by run), then the cases
# that script cannot do for us: GET /v1/complaints/{id} with a token, start-up to the first 200,
# and the connection benchmarks (conn-bench.py). Loopback only; every process started is stopped by PID.
#
# Environment: EVENT_LOOPS (default: complaintd's default, one per core but one), RUNS (3), DURATION (7),
#              BENCH_DIR (../shared/bench), SKIP_PEERS=1, SKIP_CONN=1, FSYNC (always).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH="${BENCH_DIR:-$ROOT/../shared/bench}"
RUNS="${RUNS:-3}"; DURATION="${DURATION:-7}"
OUT="${OUT_DIR:-/tmp/complaintd-bench.$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

(cd "$ROOT" && swift build -c release --product complaintd >"$OUT/build.log" 2>&1) || { log "build failed: $OUT/build.log"; exit 1; }
BIN="$ROOT/.build/release/complaintd"
PEER_BIN="$BENCH/peers/hummingbird/hb-peer/.build/release/HBPeer"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 400); do curl -fs -o /dev/null -m 1 "$1" && return 0; sleep 0.025; done; return 1; }

DATA="$(mktemp -d)"; PORT="$(free_port)"
ARGS=(--port "$PORT" --data-dir "$DATA" --fsync "${FSYNC:-always}")
[ -n "${EVENT_LOOPS:-}" ] && ARGS+=(--event-loops "$EVENT_LOOPS")
"$BIN" "${ARGS[@]}" >"$OUT/complaintd.log" 2>&1 &
PID=$!
PEER_PID=""
cleanup() {
  kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null
  [ -n "$PEER_PID" ] && { kill "$PEER_PID" 2>/dev/null; wait "$PEER_PID" 2>/dev/null; }
  rm -rf "$DATA"
}
trap cleanup EXIT
wait_ok "http://127.0.0.1:$PORT/readyz" || { log "complaintd did not start"; exit 1; }
TOKEN="$(cat "$DATA/admin.token")"
BODY="$OUT/complaint.json"
cat >"$BODY" <<'JSON'
{"channel":"phone","complainant":{"name":"Li Wei","phone":"13800000000","estate":"Green Court","building":"3","unit":"1202"},"content":"Elevator in building 3 stopped twice this week"}
JSON
log "complaintd pid=$PID port=$PORT loops=${EVENT_LOOPS:-default} out=$OUT"

if [ "${SKIP_PEERS:-0}" != 1 ]; then
  BENCH_AUTH="Bearer $TOKEN" BENCH_BODY_FILE="$BODY" TARGET_PID="$PID" RUNS="$RUNS" DURATION="$DURATION" \
    OUT_DIR="$OUT/peers" "$BENCH/run-peers.sh" "http://127.0.0.1:$PORT" | tee "$OUT/peers.txt"
fi

# GET /v1/complaints/{id}: run-peers.sh creates the target's complaint without a token, so the
# by-id case is measured here, peer and complaintd alternating, same wrk flags.
if [ -x "$PEER_BIN" ]; then
  PP="$(free_port)"
  PEER_HOST=127.0.0.1 PEER_PORT="$PP" PEER_FSYNC=0 PEER_LOG="$OUT/peer.jsonl" "$PEER_BIN" >"$OUT/peer.log" 2>&1 &
  PEER_PID=$!
  wait_ok "http://127.0.0.1:$PP/healthz" || log "peer did not start"
  PID_ID=$(curl -s -X POST -H 'Content-Type: application/json' --data @"$BODY" "http://127.0.0.1:$PP/v1/complaints" | sed -nE 's/.*"id" *: *"?([^",}]+)"?.*/\1/p')
  TID=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data @"$BODY" "http://127.0.0.1:$PORT/v1/complaints" | sed -nE 's/^\{"id":"([^"]+)".*/\1/p')
  ticks() { awk '{ l = $0; sub(/^.*\) /, "", l); split(l, f, " "); print f[12] + f[13] }' "/proc/$1/stat"; }
  : >"$OUT/byid.tsv"
  for r in $(seq 1 "$RUNS"); do
    for who in peer target; do
      if [ $who = peer ]; then url="http://127.0.0.1:$PP/v1/complaints/$PID_ID"; p=$PEER_PID; hdr=(); else url="http://127.0.0.1:$PORT/v1/complaints/$TID"; p=$PID; hdr=(-H "Authorization: Bearer $TOKEN"); fi
      k0=$(ticks $p); wrk -t1 -c64 -d"${DURATION}s" --latency "${hdr[@]}" "$url" >"$OUT/byid-$who-$r.txt" 2>&1; k1=$(ticks $p)
      rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/byid-$who-$r.txt"); n=$(awk '/ requests in / {print $1}' "$OUT/byid-$who-$r.txt")
      p99=$(awk '$1 == "99%" {print $2}' "$OUT/byid-$who-$r.txt"); bad=$(awk '/Non-2xx/ {print $NF}' "$OUT/byid-$who-$r.txt")
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$who" "$r" "$rps" "$p99" "$(awk -v a="$k0" -v b="$k1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 1e6 / 100 / n }')" "${bad:-0}" >>"$OUT/byid.tsv"
    done
  done
  echo; echo "== GET /v1/complaints/{id} c64 (peer vs complaintd, alternating): who run req/s p99 cpu_us/req non2xx =="
  cat "$OUT/byid.tsv"
  # Medians with sort (Debian's awk is mawk, which has no asort).
  for who in peer target; do
    awk -F'\t' -v w="$who" '$1 == w { print $3 }' "$OUT/byid.tsv" | sort -n | awk -v w="$who" '{ v[NR] = $1 } END { printf "%s median req/s %s\n", w, v[int((NR + 1) / 2)] }'
  done
  kill "$PEER_PID"; wait "$PEER_PID" 2>/dev/null; PEER_PID=""
fi

# Start-up to the first 200 on /healthz with an empty data directory.
PROBE="$OUT/startup-probe.sh"
cat >"$PROBE" <<PROBE_EOF
#!/usr/bin/env bash
d=\$(mktemp -d); p=$(free_port)
"$BIN" --port \$p --data-dir \$d >/dev/null 2>&1 &
pid=\$!; ok=1
for _ in \$(seq 1 2000); do curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:\$p/healthz" 2>/dev/null | grep -q 200 && { ok=0; break; }; sleep 0.005; done
kill \$pid; wait \$pid 2>/dev/null; rm -rf \$d; exit \$ok
PROBE_EOF
chmod +x "$PROBE"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs 10 "$PROBE" 2>&1 | grep -E "Time|Range" | sed 's/^/complaintd start to first 200: /'
fi

if [ "${SKIP_CONN:-0}" != 1 ]; then
  echo; echo "== connections (conn-bench.py) =="
  BENCH_TOKEN="$TOKEN" timeout 900 python3 "$HERE/conn-bench.py" "$PORT" "$PID" all
fi
echo "raw outputs: $OUT"
