#!/usr/bin/env bash
# side-by-side.sh — several servers measured with the same wrk invocation, taking turns run by run,
# each kept running (and growing, as in http-bench.sh) for the whole script: an old complaintd
# binary beside a new one, with the Hummingbird peer or nginx as the yardstick. Loopback only;
# every process started is stopped by PID (nginx by its pid file).
#
#   Benchmarks/side-by-side.sh post 5 7 peer0 /work/bench/old-complaintd .build/release/complaintd
#   Benchmarks/side-by-side.sh healthz 3 7 nginx2 peer0 .build/release/complaintd
#
# MODE: post (POST /v1/complaints, c64, BENCH_VARY=1: another unit in every request) or healthz
# (GET /healthz, c64). SERVER: a complaintd binary (own port and data directory, --fsync always),
# peer0 / peer1 (the Hummingbird peer with PEER_FSYNC=0 / 1) or nginx2 (nginx-peer.conf, 2
# workers). Prints server, run, req/s, p99, server CPU µs per request (utime+stime of the process
# and its children), non-2xx, snapshots written so far, load average, and the share of the
# machine's CPU time the hypervisor gave to others during the run (steal, from /proc/stat: on this
# VM it reaches 15 % in some runs, and those runs are the slow ones), and the user-space part of the
# server's CPU µs per request (utime alone: what the code costs, apart from the kernel's TCP and
# scheduling, and steadier than either total); then medians.
# Environment: BENCH_DIR (../shared/bench), PEER_BIN (the peer built there), OUT_DIR, and PIN=1
# to run every server on CPU 0 and wrk on CPU 1 (`taskset`): on two cores an unpinned wrk is as
# saturated as the server it measures, and `/healthz` then shows the load generator's ceiling.
set -uo pipefail
MODE=$1; RUNS=$2; D=$3; shift 3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="${BENCH_DIR:-$HERE/../../shared/bench}"
PEER="${PEER_BIN:-$BENCH/peers/hummingbird/hb-peer/.build/release/HBPeer}"
OUT="${OUT_DIR:-/tmp/side-by-side.$(date +%Y%m%d-%H%M%S)}"; mkdir -p "$OUT"; : >"$OUT/results.tsv"
cat >$OUT/body.json <<'JSON'
{"channel":"phone","complainant":{"name":"Li Wei","phone":"13800000000","estate":"Green Court","building":"3","unit":"1202"},"content":"Elevator in building 3 stopped twice this week"}
JSON
SERVER_CPU=(); LOAD_CPU=()
if [ "${PIN:-0}" = 1 ]; then SERVER_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=(); PORTS=(); DATAS=(); TOKENS=(); LABELS=(); NGX=""
i=0
for S in "$@"; do
  PORT=$(free_port); DATA=$(mktemp -d); TOKEN=""
  case $S in
    peer0|peer1)
      PEER_HOST=127.0.0.1 PEER_PORT=$PORT PEER_FSYNC=${S#peer} PEER_LOG=$DATA/peer.jsonl "${SERVER_CPU[@]}" $PEER >$OUT/srv$i.log 2>&1 &
      PID=$!; LABEL=$S ;;
    nginx2)
      sed "s/127\.0\.0\.1:18090/127.0.0.1:$PORT/; s#/tmp/nginxpeer#$DATA#g" $BENCH/nginx-peer.conf >$DATA/nginx.conf
      "${SERVER_CPU[@]}" nginx -p $DATA -c $DATA/nginx.conf -g "worker_processes 2; pid $DATA/nginx.pid;" 2>$OUT/srv$i.log
      sleep 0.3; PID=$(cat $DATA/nginx.pid); NGX="$NGX $DATA"; LABEL=nginx2 ;;
    *)
      "${SERVER_CPU[@]}" "$S" --port $PORT --data-dir $DATA --fsync always >$OUT/srv$i.log 2>&1 &
      PID=$!; LABEL=$(basename $S)
      # Two binaries of one name (old and new builds) get their position appended.
      printf '%s\n' "${LABELS[@]:-}" | grep -qx "$LABEL" && LABEL="$LABEL#$i" ;;
  esac
  for _ in $(seq 1 400); do curl -fs -o /dev/null -m 1 http://127.0.0.1:$PORT/healthz && break; sleep 0.025; done
  [ -f $DATA/admin.token ] && TOKEN=$(cat $DATA/admin.token)
  PIDS+=($PID); PORTS+=($PORT); DATAS+=($DATA); TOKENS+=("$TOKEN"); LABELS+=($LABEL)
  i=$((i+1))
done
cleanup() {
  for d in $NGX; do kill $(cat $d/nginx.pid) 2>/dev/null; done
  for j in "${!PIDS[@]}"; do [ "${LABELS[$j]}" = nginx2 ] || { kill ${PIDS[$j]} 2>/dev/null; wait ${PIDS[$j]} 2>/dev/null; }; done
  sleep 0.3; for d in "${DATAS[@]}"; do rm -rf $d; done
}
trap cleanup EXIT
# Steal ticks of the whole machine so far (1/100 s each): time a vCPU wanted to run and the
# hypervisor ran something else.
steal() { awk '$1 == "cpu" {print $9}' /proc/stat; }
# CPU of a process and its children (nginx workers): utime+stime of the group's members.
ticks() {
  local t=0 p
  for p in $1 $(pgrep -P $1 2>/dev/null); do
    t=$((t + $(awk -v f1=${2:-12} -v f2=${3:-13} '{ l = $0; sub(/^.*\) /, "", l); split(l, f, " "); print f[f1] + (f2 ? f[f2] : 0) }' /proc/$p/stat)))
  done; echo $t
}
export BENCH_BODY_FILE=$OUT/body.json BENCH_VARY=1
run_wrk() { # index duration out
  local j=$1
  if [ $MODE = post ]; then
    BENCH_AUTH="${TOKENS[$j]:+Bearer ${TOKENS[$j]}}" "${LOAD_CPU[@]}" wrk -t1 -c64 -d$2s --latency --timeout 5s -s $BENCH/post-complaint.lua http://127.0.0.1:${PORTS[$j]}/v1/complaints >$3 2>&1
  else
    "${LOAD_CPU[@]}" wrk -t1 -c64 -d$2s --latency --timeout 5s http://127.0.0.1:${PORTS[$j]}/healthz >$3 2>&1
  fi
}
for j in "${!PIDS[@]}"; do run_wrk $j 1 /dev/null; done
for r in $(seq 1 $RUNS); do
  for j in "${!PIDS[@]}"; do
    p=${PIDS[$j]}; k0=$(ticks $p); u0=$(ticks $p 12 0); s0=$(steal)
    f=$OUT/w$j-$r.txt; run_wrk $j $D $f
    k1=$(ticks $p); u1=$(ticks $p 12 0); s1=$(steal)
    rps=$(awk '/Requests\/sec/ {print $2}' $f); n=$(awk '/ requests in / {print $1}' $f); p99=$(awk '$1 == "99%" {print $2}' $f); bad=$(awk '/Non-2xx/ {print $NF}' $f)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tsteal %s%%\tuser %s\n' "${LABELS[$j]}" $r "$rps" "$p99" "$(awk -v a=$k0 -v b=$k1 -v n=$n 'BEGIN{printf "%.1f",(b-a)*1e6/100/n}')" "${bad:-0}" "$(grep -c '"snapshot written","sequence"' $OUT/srv$j.log)" "$(cut -d' ' -f1 /proc/loadavg)" \
      "$(awk -v a=$s0 -v b=$s1 -v d=$D -v n=$(nproc) 'BEGIN{printf "%.1f",(b-a)/(d*n)}')" \
      "$(awk -v a=$u0 -v b=$u1 -v n=$n 'BEGIN{printf "%.1f",(b-a)*1e6/100/n}')" | tee -a $OUT/results.tsv
  done
done
echo "== medians (req/s, cpu us/req, user-space cpu us/req) $OUT"
for l in $(printf '%s\n' "${LABELS[@]}" | awk '!s[$0]++'); do
  awk -F'\t' -v l=$l '$1==l {print $3}' $OUT/results.tsv | sort -n | awk -v l=$l '{v[NR]=$1} END {printf "%s\treq/s %s", l, v[int((NR+1)/2)]}'
  awk -F'\t' -v l=$l '$1==l {print $5}' $OUT/results.tsv | sort -n | awk '{v[NR]=$1} END {printf "\tcpu_us %s", v[int((NR+1)/2)]}'
  awk -F'\t' -v l=$l '$1==l {sub(/^user /, "", $10); print $10}' $OUT/results.tsv | sort -n | awk '{v[NR]=$1} END {printf "\tuser_us %s\n", v[int((NR+1)/2)]}'
done
