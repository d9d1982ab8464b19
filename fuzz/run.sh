#!/usr/bin/env bash
# Builds response_parser_fuzzer with clang in build-fuzz/ and fuzzes the response parsers for a bounded time.
#   fuzz/run.sh                      60 s (FUZZ_SECONDS=600 fuzz/run.sh for longer)
#   fuzz/run.sh build-fuzz/artifacts/crash-<sha>   replay one input (arguments go to libFuzzer)
# Exits non-zero when the fuzzer finds a crash, leak, sanitizer report or timeout; the input that caused
# it is written to build-fuzz/artifacts/. Needs clang and libclang-rt-14-dev (libFuzzer's runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${JOBS:-$(nproc)}
SECONDS_BUDGET=${FUZZ_SECONDS:-60}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# The app and tests are not needed, and only the fuzzer target is built: the sandbox and benchmarks link
# infrahubcore without the sanitizer runtimes that its instrumentation here requires.
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DINFRAHUB_FUZZ=ON -DINFRAHUB_BUILD_APP=OFF -DINFRAHUB_BUILD_TESTS=OFF "${launcher[@]}" >/dev/null
cmake --build "$BUILD_DIR" --parallel "$JOBS" --target response_parser_fuzzer

mkdir -p "$BUILD_DIR/corpus" "$BUILD_DIR/artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen
if [ $# -gt 0 ]; then
    exec "$BUILD_DIR/fuzz/response_parser_fuzzer" "$@"
fi
# New inputs go to the first (writable) corpus dir; the checked-in seeds are only read. -timeout: a single
# input taking over 10 s is a hang worth reporting. libFuzzer exits non-zero on any finding.
exec "$BUILD_DIR/fuzz/response_parser_fuzzer" "$BUILD_DIR/corpus" "$ROOT/fuzz/corpus" \
    -max_total_time="$SECONDS_BUDGET" -rss_limit_mb=2048 -timeout=10 -max_len=16384 \
    -artifact_prefix="$BUILD_DIR/artifacts/" -print_final_stats=1
