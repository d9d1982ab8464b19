#!/usr/bin/env bash
# Builds (when needed) and runs every benchmark under bench/, printing each result next to the baseline it
# is compared with in the same run. Benchmarks are not CTest tests: timings on a shared machine are
# information, not pass/fail. The exit status is non-zero only when a benchmark could not run or got
# wrong answers.
#
#   bench/run.sh                   full run (a few minutes on 2 cores; starts a 100,000-device sandbox)
#   bench/run.sh --quick           smoke run for CI (about 15 s): fewer repetitions, no 100k dataset
#   bench/run.sh [--quick] ARGS    ARGS go to every benchmark, e.g. --markdown /tmp/results.md
#
# BUILD_DIR (default: build-bench) is configured RelWithDebInfo, like ./setup.sh builds, when it has no
# CMake cache yet. Each bench/<name>/ folder builds an executable called bench_<name>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
JOBS=${JOBS:-$(nproc)}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    log "Configuring $BUILD_DIR"
    # The libraries, the sandbox, the app library (bench_console) and the benchmarks.
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
        -DINFRAHUB_BUILD_TESTS=OFF -DINFRAHUB_BUILD_APP=ON >/dev/null
fi

targets=()
for list in "$ROOT"/bench/*/CMakeLists.txt; do
    [ -e "$list" ] || continue
    targets+=("bench_$(basename "$(dirname "$list")")")
done
if [ ${#targets[@]} -eq 0 ]; then
    log "No benchmarks under bench/"
    exit 0
fi

log "Building ${targets[*]}"
cmake --build "$BUILD_DIR" --parallel "$JOBS" --target "${targets[@]}" infrahub-sandbox >/dev/null

status=0
for target in "${targets[@]}"; do
    exe=$(find "$BUILD_DIR/bench" -type f -name "$target" -perm -u+x | head -n 1)
    if [ -z "$exe" ]; then
        log "$target was not built"
        status=1
        continue
    fi
    log "Running $target $*"
    "$exe" "$@" || status=1
done
exit $status
