#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [BUILD_DIR]: builds the libFuzzer targets of
# tests/fuzz (clang, -DBOT_FUZZ=ON, in BUILD_DIR, default build-fuzz) and
# runs each for SECONDS (default 20), two at a time. New corpus entries and
# crash artifacts go to a scratch folder, never into the repository; each
# target's execution count is printed, then "N passed, N failed". Exits
# non-zero on any crash, leak, timeout, out-of-memory or sanitizer report,
# keeping the scratch folder and naming the input that caused it. Save
# such an input as tests/fuzz/corpus/<target>/crash-<short-name> so that
# ctest replays it (fuzz.replay.<target>).
#   FUZZ_TARGETS="answer batch"  only these targets
#   FUZZ_JOBS=1                  one at a time
#   FUZZ_ARGS="-runs=1000000"    extra libFuzzer flags (a long run; with
#                                "-fork=1 -ignore_crashes=1" a known crash
#                                does not end it)
#   FUZZ_KEEP=1                  keep the scratch folder (kept anyway on
#                                a failure)
#   FUZZ_CORPUS=DIR              seeds from DIR/<target> instead of
#                                tests/fuzz/corpus/<target>
set -euo pipefail

secs=${1:-20}
build=${2:-build-fuzz}
jobs=${FUZZ_JOBS:-2}
corpus=${FUZZ_CORPUS:-tests/fuzz/corpus}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
case $secs in
'' | *[!0-9]*)
    echo "usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]" >&2
    exit 2
    ;;
esac

echo "== fuzz: building the libFuzzer targets in $build (clang)"
CC=${FUZZ_CC:-clang} cmake -S . -B "$build" -DBOT_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzzers -j"$(nproc 2>/dev/null || echo 2)" \
    >"$build/fuzz-build.log" 2>&1 || {
    cat "$build/fuzz-build.log"
    echo "fuzz: build failed" >&2
    exit 1
}

if [ -n "${FUZZ_TARGETS:-}" ]; then
    read -r -a targets <<<"$FUZZ_TARGETS"
else
    targets=()
    for src in tests/fuzz/fuzz_*.c; do
        t=${src#tests/fuzz/fuzz_}
        targets+=("${t%.c}")
    done
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/newsbot-fuzz.XXXXXX")
echo "== fuzz: ${#targets[@]} targets, ${secs} s each, $jobs at a time;" \
    "scratch $scratch"

# One target: its own new-corpus folder (the seeds are only read), crash
# artifacts in its scratch folder, a hang limit and a memory limit.
fuzz_one() {
    local t=$1 dir="$scratch/$1" dict=()
    mkdir -p "$dir/new"
    if [ -f "tests/fuzz/$t.dict" ]; then
        dict=("-dict=tests/fuzz/$t.dict")
    fi
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    # A smaller quarantine than the default 256 MiB: freed memory is still
    # held across dozens of inputs, and fresh pages stop costing a third
    # of the time.
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=64 \
        "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/" "${dict[@]}" ${FUZZ_ARGS:-} \
        "$dir/new" "$corpus/$t" >"$dir/log" 2>&1
}

report() {
    local t=$1 rc=$2 dir="$scratch/$1" execs artifacts
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" |
        tail -n 1)
    if [ -z "$execs" ]; then # -fork=N prints "#N: cov: ..." lines instead
        execs=$(sed -n 's/^#\([0-9][0-9]*\): .*/\1/p' "$dir/log" | tail -n 1)
    fi
    artifacts=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o \
        -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
    if [ "$rc" -eq 0 ] && [ -z "$artifacts" ] &&
        ! grep -qE 'runtime error:|ERROR: [A-Za-z]+Sanitizer' "$dir/log"; then
        printf '%-12s ok      %s executions\n' "$t" "${execs:-?}"
        passed=$((passed + 1))
        return
    fi
    printf '%-12s FAILED  %s executions (exit %d)\n' "$t" "${execs:-?}" "$rc"
    failed=$((failed + 1))
    echo "---- $t: the end of its log ($dir/log)"
    grep -vE '^#[0-9]+\s+(NEW|REDUCE|pulse|RELOAD)' "$dir/log" | tail -n 60
    for a in $artifacts; do
        echo "---- $t: the input that failed: $a"
    done
}

passed=0
failed=0
declare -A pids=()
# Waits for one running target and reports it.
reap() {
    set +e
    wait -n -p done_pid
    rc=$?
    set -e
    report "${pids[$done_pid]}" "$rc"
    unset "pids[$done_pid]"
}
for t in "${targets[@]}"; do
    if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
        echo "fuzz: no target $t" >&2
        exit 2
    fi
    while [ "${#pids[@]}" -ge "$jobs" ]; do
        reap
    done
    fuzz_one "$t" &
    pids[$!]=$t
done
while [ "${#pids[@]}" -gt 0 ]; do
    reap
done

if [ "$failed" -eq 0 ] && [ -z "${FUZZ_KEEP:-}" ]; then
    rm -rf "$scratch"
else
    echo "fuzz: logs, new corpus entries and failing inputs kept in $scratch"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
