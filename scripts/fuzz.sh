#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Tests/Fuzz/Harnesses (release, -sanitize=fuzzer,address,
# testable, so a harness may @testable import internals) and runs each for FUZZ_SECONDS (default 60), FUZZ_JOBS at a time (default 2).
#
#   scripts/fuzz.sh                         every harness, 60 s each
#   FUZZ_SECONDS=1800 scripts/fuzz.sh FuzzHTTPParser   one harness, 30 minutes
#
# Seeds live in Tests/Fuzz/Corpus/<harness> (read only: new inputs go to a scratch corpus).
# Crash reproducers are kept in Tests/Fuzz/Reproducers/<harness>: each is replayed first and
# must no longer crash. A new crash is copied there and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
scratch=${FUZZ_SCRATCH:-$(mktemp -d /tmp/complaintd-fuzz.XXXXXX)}
mkdir -p "$scratch"
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for dir in Tests/Fuzz/Harnesses/*/; do harnesses+=("$(basename "$dir")"); done
fi

echo "fuzz: building ${harnesses[*]}"
# SwiftPM's --sanitize links libFuzzer's main; the -Xswiftc list makes every module carry both
# sanitizers (two separate -sanitize= flags would leave the libraries without coverage).
# One build per harness: given several --product flags, SwiftPM builds only the last one.
for name in "${harnesses[@]}"; do
  log="$scratch/build-$name.log"
  if ! COMPLAINTD_FUZZ=1 swift build -c release --scratch-path .build-fuzz \
    --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
    --product "$name" >"$log" 2>&1; then
    # A failed build must not fuzz the previous binary.
    grep -Ev '^\[|Cannot export local symbol' "$log" | tail -40
    echo "fuzz: building $name failed"
    exit 1
  fi
done
bin=$(COMPLAINTD_FUZZ=1 swift build -c release --scratch-path .build-fuzz --show-bin-path)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
# Swift's own crash backtracer reads memory ASan reports as an overflow; libFuzzer prints the trace.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

run_one() {
  local name=$1 exe="$bin/$1" work="$scratch/$1" status=0
  mkdir -p "$work/corpus" "$work/artifacts" "Tests/Fuzz/Reproducers/$name"
  local reproducers=(Tests/Fuzz/Reproducers/"$name"/*)
  reproducers=("${reproducers[@]/*\/.keep/}")
  for r in "${reproducers[@]}"; do
    [ -f "$r" ] || continue
    if ! "$exe" "$r" >"$work/replay.log" 2>&1; then
      echo "fuzz: $name still crashes on $r"; tail -20 "$work/replay.log"; return 1
    fi
  done
  "$exe" "$work/corpus" "Tests/Fuzz/Corpus/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1 >"$work/fuzz.log" 2>&1 || status=$?
  local execs cov
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$work/fuzz.log" | grep -Eo '[0-9]+$' || echo '?')
  cov=$(grep -Eo 'cov: [0-9]+' "$work/fuzz.log" | tail -1 | grep -Eo '[0-9]+' || echo '?')
  if [ $status -ne 0 ]; then
    echo "fuzz: $name FAILED after $execs runs (exit $status)"
    grep -A 30 -E 'ERROR|Fatal error|fatal error|deadly signal' "$work/fuzz.log" | head -40
    for a in "$work"/artifacts/*; do [ -f "$a" ] && cp "$a" "Tests/Fuzz/Reproducers/$name/" && echo "fuzz: reproducer kept: Tests/Fuzz/Reproducers/$name/$(basename "$a")"; done
    return 1
  fi
  echo "fuzz: $name ok: $execs runs in ${seconds}s, coverage $cov edges, corpus $(ls "$work/corpus" | wc -l) inputs"
}

failed=0
pids=()
names=()
for name in "${harnesses[@]}"; do
  run_one "$name" > "$scratch/$name.out" 2>&1 &
  pids+=($!); names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
  cat "$scratch/${names[$i]}.out"
done
exit $failed
