#!/usr/bin/env bash
# Generates a Python client from openapi.yaml (openapi-python-client, from PyPI) and drives a
# whole complaint lifecycle through it against the live service: complaintd on 127.0.0.1 with a
# throw-away data directory, stopped by its PID at the end.
#
# Environment: COMPLAINTD_BIN (default .build/debug/complaintd, built when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$ROOT/openapi.yaml"
BIN="${COMPLAINTD_BIN:-$ROOT/.build/debug/complaintd}"
say() { printf '[check-client] %s\n' "$*" >&2; }

if [[ ! -x "$BIN" ]]; then
  say "no binary at $BIN: swift build"
  (cd "$ROOT" && swift build)
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-client.XXXXXX")"
PID=""
cleanup() {
  local status=$?
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s "$WORK/service.log" ]]; then say "service log (last lines):"; tail -n 20 "$WORK/service.log" >&2 || true; fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "generating the client from $SPEC"
openapi-python-client generate --path "$SPEC" --output-path "$WORK/client/complaintd_client" --meta none >"$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log" >&2; exit 1; }
grep -E "^WARNING" "$WORK/generate.log" >&2 || true

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
for role in receptionist director handler manager supervisor; do
  export "LIFECYCLE_TOKEN_${role^^}=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
done
cat >"$WORK/config.json" <<'JSON'
{"users": [{"id": "rita", "role": "receptionist", "tokenEnv": "LIFECYCLE_TOKEN_RECEPTIONIST"},
           {"id": "dora", "role": "director", "tokenEnv": "LIFECYCLE_TOKEN_DIRECTOR"},
           {"id": "hank", "role": "handler", "department": "engineering", "tokenEnv": "LIFECYCLE_TOKEN_HANDLER"},
           {"id": "mona", "role": "manager", "tokenEnv": "LIFECYCLE_TOKEN_MANAGER"},
           {"id": "sue", "role": "supervisor", "tokenEnv": "LIFECYCLE_TOKEN_SUPERVISOR"}]}
JSON
say "starting $BIN on 127.0.0.1:$PORT"
COMPLAINTD_ACCESS_LOG=false "$BIN" --config "$WORK/config.json" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
  --fsync never --log-level warn >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do
  kill -0 "$PID" 2>/dev/null || { say "complaintd exited during start-up"; exit 1; }
  curl -fsS -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
python3 "$ROOT/scripts/client-lifecycle.py" "$WORK/client" "http://127.0.0.1:$PORT"
