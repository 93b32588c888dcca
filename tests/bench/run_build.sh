#!/bin/sh
# Builds newsbot-bench-build with release flags in build-bench and runs it
# from the source folder (it makes its articles from tests/data) on one
# CPU. The figures go to stdout; the build's output goes to stderr.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-bench"

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >&2
cmake --build "$build" --target newsbot-bench-build -j2 >&2

cd "$root"
bench="$build/tests/newsbot-bench-build"
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
    exec taskset -c 0 "$bench" "$@"
fi
exec "$bench" "$@"
