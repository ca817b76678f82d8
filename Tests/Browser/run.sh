#!/usr/bin/env bash
# Browser tests: starts complaintd on loopback with a throw-away data directory and a team that
# signs in with passwords, then drives the owner's page and the staff console in headless
# Chromium (selenium). Screenshots go to .build/browser-artifacts/ (ignored by git).
#
# Environment:
#   COMPLAINTD_BIN   binary to test (default .build/debug/complaintd)
#   BROWSER_ARTIFACTS  where screenshots go (default .build/browser-artifacts)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${COMPLAINTD_BIN:-$ROOT/.build/debug/complaintd}"
ARTIFACTS="${BROWSER_ARTIFACTS:-$ROOT/.build/browser-artifacts}"
say() { printf '[browser] %s\n' "$*" >&2; }

[[ -x "$BIN" ]] || { say "no binary at $BIN (run swift build)"; exit 1; }
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/*.txt "$ARTIFACTS"/*.csv "$ARTIFACTS"/*.pdf "$ARTIFACTS"/*.crdownload
WORK="$(mktemp -d "${TMPDIR:-/tmp}/browser-tests.XXXXXX")"
PID=""
cleanup() {
  local status=$?
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s "$WORK/service.log" ]]; then cp "$WORK/service.log" "$ARTIFACTS/service.log.txt"; fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT

# The team: passwords hashed by the binary itself (few iterations: a test, not a deployment).
hash() { printf '%s' "$1" | "$BIN" hash-password --iterations 2000; }
export RITA_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
cat >"$WORK/config.json" <<JSON
{"users": [
  {"id": "rita", "name": "王芳", "role": "receptionist", "tokenEnv": "RITA_TOKEN", "passwordHash": "$(hash rita-pass-2026)"},
  {"id": "dora", "name": "赵敏", "role": "director", "passwordHash": "$(hash dora-pass-2026)"},
  {"id": "hank", "name": "李强", "role": "handler", "department": "engineering", "passwordHash": "$(hash hank-pass-2026)"},
  {"id": "mona", "name": "陈静", "role": "manager", "passwordHash": "$(hash mona-pass-2026)"},
  {"id": "sue", "name": "刘洋", "role": "supervisor", "passwordHash": "$(hash sue-pass-2026)"}],
 "announcements": {"publishWhen": "replied"},
 "web": {"publicIntake": true},
 "live": {"heartbeatSeconds": 5}}
JSON
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
say "starting $BIN on 127.0.0.1:$PORT"
COMPLAINTD_WEB_DIR="$ROOT/web" "$BIN" --config "$WORK/config.json" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" \
  --fsync never --log-level warn >"$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do
  if curl -fsS -m 2 "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "$PID" 2>/dev/null || { say "complaintd exited during start-up"; cat "$WORK/service.log" >&2; exit 1; }
  sleep 0.1
done
PYTHONDONTWRITEBYTECODE=1 BASE="http://127.0.0.1:$PORT" ARTIFACTS="$ARTIFACTS" timeout --signal=TERM 280 python3 "$ROOT/Tests/Browser/scenario.py"
