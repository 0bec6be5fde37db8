# Runs one fuzzer for a bounded time: cmake -DFUZZER=... -DWORK=... -DSEEDS=... -DSECONDS=...
# -DMAX_LEN=... -P smoke.cmake. Fails on any crash, sanitizer report, leak, timeout or OOM.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus ${WORK}/artifacts)
execute_process(
  COMMAND ${FUZZER} ${WORK}/corpus ${SEEDS} -max_total_time=${SECONDS} -max_len=${MAX_LEN}
          -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix=${WORK}/artifacts/
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(GLOB artifacts ${WORK}/artifacts/*)
  message(FATAL_ERROR "${FUZZER} failed (${rc}); reproducer: ${artifacts}")
endif()
