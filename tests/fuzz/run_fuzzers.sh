#!/usr/bin/env bash
# Runs every fuzzer of a fuzz build for SECONDS each, PARALLEL at a time, and prints one summary
# line per fuzzer (runs, executions per second, coverage, corpus size) for FUZZING.md.
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [PARALLEL] [FUZZER...]
# Working corpora persist in BUILD_DIR/fuzz-corpus/NAME (seeded from BUILD_DIR/tests/fuzz/seeds);
# logs in BUILD_DIR/fuzz-logs/NAME.log; crashes in BUILD_DIR/fuzz-artifacts/NAME/.
set -uo pipefail
build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS [PARALLEL] [FUZZER...]}
seconds=${2:?seconds}
parallel=${3:-2}
shift $(( $# < 3 ? $# : 3 ))
build=$(cd "$build" && pwd)
fuzzers=("$@")
if [ ${#fuzzers[@]} -eq 0 ]; then
  for f in "$build"/bin/fuzz/*_fuzz; do fuzzers+=("$(basename "$f")"); done
fi
mkdir -p "$build/fuzz-logs"
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

run_one() {
  local name=$1 seeds="$build/tests/fuzz/seeds/$1"
  local max_len; max_len=$(cat "$seeds.max_len" 2>/dev/null || echo 16384)
  mkdir -p "$build/fuzz-corpus/$name" "$build/fuzz-artifacts/$name"
  "$build/bin/fuzz/$name" "$build/fuzz-corpus/$name" "$seeds" -max_total_time="$seconds" \
    -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$name/" >"$build/fuzz-logs/$name.log" 2>&1
  echo $? >"$build/fuzz-logs/$name.rc"
}

running=0
for name in "${fuzzers[@]}"; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '%-14s %6s %12s %10s %8s %8s %7s\n' fuzzer seconds runs exec/s cov ft corpus
for name in "${fuzzers[@]}"; do
  log="$build/fuzz-logs/$name.log"
  rc=$(cat "$build/fuzz-logs/$name.rc")
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: [0-9]*' "$log" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  corpus=$(echo "$last" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*$')
  printf '%-14s %6s %12s %10s %8s %8s %7s' "$name" "$seconds" "${runs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corpus:-?}"
  if [ "$rc" != 0 ]; then
    status=1
    printf '  FAILED (exit %s): see %s and %s\n' "$rc" "$log" "$build/fuzz-artifacts/$name/"
  else
    printf '  ok\n'
  fi
done
exit $status
