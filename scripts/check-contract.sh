#!/usr/bin/env bash
# Checks the API contract: validates openapi.yaml, starts complaintd on loopback with a
# throw-away data directory, seeds a few complaints, and runs schemathesis against it.
#
# Environment:
#   COMPLAINTD_BIN        binary to test (default .build/debug/complaintd; built with
#                         `swift build` when missing)
#   CONTRACT_MAX_EXAMPLES examples per operation (default 12)
#   CONTRACT_SEED         schemathesis seed (default 20261122; "random" for none)
#   CONTRACT_TIMEOUT      seconds allowed for the schemathesis run (default 240)
#   CONTRACT_PHASES       schemathesis phases (default examples,fuzzing; the coverage phase adds ~1000 boundary requests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$ROOT/openapi.yaml"
BIN="${COMPLAINTD_BIN:-$ROOT/.build/debug/complaintd}"
MAX_EXAMPLES="${CONTRACT_MAX_EXAMPLES:-12}"
SEED="${CONTRACT_SEED:-20261122}"
RUN_TIMEOUT="${CONTRACT_TIMEOUT:-240}"
PHASES="${CONTRACT_PHASES:-examples,fuzzing}"

say() { printf '[check-contract] %s\n' "$*" >&2; }

# (a) the document itself
say "validating $SPEC"
python3 -m openapi_spec_validator "$SPEC" >/dev/null || { python3 -m openapi_spec_validator "$SPEC" 2>&1 | tail -c 2000 >&2; exit 1; }

# (b) the service
if [[ ! -x "$BIN" ]]; then
  say "no binary at $BIN: swift build"
  (cd "$ROOT" && timeout 1800 swift build)
  BIN="$ROOT/.build/debug/complaintd"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-contract.XXXXXX")"
PID=""
cleanup() {
  local status=$?
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s "$WORK/service.log" ]]; then
    say "service log (last lines):"; tail -n 30 "$WORK/service.log" >&2 || true
  fi
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"
DATA="$WORK/data"
mkdir -p "$DATA"

# An admin and the handler the seed dispatches to: a dispatch must name a configured handler
# of the department.
TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
HANDLER_TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
cat >"$WORK/config.json" <<'JSON'
{"users": [{"id": "admin", "role": "admin", "tokenEnv": "CONTRACT_ADMIN_TOKEN"},
           {"id": "h-001", "role": "handler", "department": "cleaning_greening", "tokenEnv": "CONTRACT_HANDLER_TOKEN"}]}
JSON

say "starting $BIN on $BASE (data $DATA)"
COMPLAINTD_OPENAPI="$SPEC" COMPLAINTD_ACCESS_LOG=false CONTRACT_ADMIN_TOKEN="$TOKEN" CONTRACT_HANDLER_TOKEN="$HANDLER_TOKEN" \
  "$BIN" --config "$WORK/config.json" --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" --fsync never --log-level warn \
  >"$WORK/service.log" 2>&1 &
PID=$!

ready=""
for _ in $(seq 1 200); do
  if ! kill -0 "$PID" 2>/dev/null; then say "complaintd exited during start-up"; exit 1; fi
  if curl -fsS -m 2 "$BASE/readyz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.1
done
[[ -n "$ready" ]] || { say "complaintd not ready after 20 s"; exit 1; }
AUTH="Authorization: Bearer $TOKEN"

# Seed: a few complaints in different states so id- and code-addressed paths have data.
post() {  # post PATH JSON -> body on stdout; fails on a non-2xx status
  curl -fsS -m 10 -X POST -H "$AUTH" -H 'Content-Type: application/json' --data-binary "$2" "$BASE$1"
}
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

register() {  # register UNIT CONTENT -> the 201 body
  post /v1/complaints "{\"channel\":\"phone\",\"complainant\":{\"name\":\"王女士\",\"phone\":\"13812345678\",\"estate\":\"翠湖花园\",\"building\":\"3\",\"unit\":\"$1\"},\"content\":\"$2\",\"demands\":\"尽快处理\",\"category\":\"engineering\"}"
}
FIRST="$(register 1202 '电梯频繁停运')"
ID1="$(json_field id <<<"$FIRST")"
CODE1="$(json_field trackingCode <<<"$FIRST")"
ID2="$(register 0801 '楼道灯不亮' | json_field id)"
ID3="$(register 1501 '垃圾未及时清运' | json_field id)"
post "/v1/complaints/$ID2/assess" '{"valid":true,"severity":"important","nature":"dissatisfaction","contentType":"equipment"}' >/dev/null
post "/v1/complaints/$ID3/assess" '{"valid":true,"severity":"minor"}' >/dev/null
post "/v1/complaints/$ID3/dispatch" '{"department":"cleaning_greening","handler":"h-001","note":"today"}' >/dev/null
post "/v1/complaints/$ID3/acknowledge" '{}' >/dev/null
post "/v1/complaints/$ID3/progress" '{"text":"已安排清运","public":true}' >/dev/null
curl -fsS -m 10 -H "$AUTH" "$BASE/v1/complaints/$ID1?reveal=contact" >/dev/null
say "seeded $ID1 (received), $ID2 (assessed), $ID3 (in_progress)"

# Generated ids would almost never exist: path parameters use the seeded complaint and its code.
cat >"$WORK/schemathesis.toml" <<TOML
[parameters]
"path.id" = "$ID3"
"path.trackingCode" = "$CODE1"

# QUERY is not a method complaintd knows, so it rightly answers 501 (RFC 9110 §9.1); the
# other unexpected methods get 405 with Allow.
[phases.coverage]
unexpected-methods = ["DELETE", "PUT", "PATCH", "TRACE"]

# The live stream never ends (Server-Sent Events): the browser tests and LiveStreamTests check it.
[[operations]]
include-path = "/v1/stream"
enabled = false
TOML

# (c) schemathesis
seed_args=()
[[ "$SEED" == "random" ]] || seed_args=(--seed "$SEED")
say "schemathesis: up to $MAX_EXAMPLES examples per operation, seed ${SEED}"
start=$(date +%s)
set +e
(cd "$WORK" && timeout --signal=TERM --kill-after=10 "$RUN_TIMEOUT" \
  schemathesis --config-file "$WORK/schemathesis.toml" run "$SPEC" \
    --url "$BASE" \
    -H "$AUTH" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --phases "$PHASES" \
    --max-examples "$MAX_EXAMPLES" \
    "${seed_args[@]}" \
    --workers 1 \
    --request-timeout 10 \
    --no-shrink \
    --report ndjson --report-ndjson-path "$WORK/events.ndjson")
rc=$?
set -e
elapsed=$(( $(date +%s) - start ))
requests="$(python3 - "$WORK/events.ndjson" <<'PY' 2>/dev/null || echo '?'
import json, sys
n = 0
with open(sys.argv[1]) as f:
    for line in f:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if "ScenarioFinished" in event:
            rec = event["ScenarioFinished"].get("recorder", {})
            n += len(rec.get("interactions", {}))
print(n)
PY
)"
say "schemathesis exit $rc after ${elapsed}s, ~$requests requests"
if ! kill -0 "$PID" 2>/dev/null; then say "complaintd died during the run"; exit 1; fi
if [[ $rc -ne 0 ]]; then exit "$rc"; fi
say "contract OK"
