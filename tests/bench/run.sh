#!/bin/sh
# Builds newsbot-bench with release flags in build-bench and runs it on
# one CPU. Arguments go to the benchmark, e.g.
#   tests/bench/run.sh --iterations 5000 --json
# The figures go to stdout; the build's output goes to stderr.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-bench"

# Warnings stay on but do not stop the build: -O3 brings gcc warnings
# (such as -Wrestrict) that the default build does not, and a benchmark
# is no place to gate on them; the ordinary builds keep -Werror.
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$build" --target newsbot-bench -j2 >&2

bench="$build/tests/newsbot-bench"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    exec taskset -c 0 "$bench" "$@"
fi
exec "$bench" "$@"
