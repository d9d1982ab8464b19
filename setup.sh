#!/usr/bin/env bash
# One entry point for newcomers and CI on Debian 12:
#   ./setup.sh run  [app args]   install dependencies, build, start Infrahub Console
#                                (with no server configured it starts the built-in demo sandbox)
#   ./setup.sh test              install dependencies, build, run every test headless with CTest
#                                (under CI=true also a second run under AddressSanitizer + UBSan)
#   ./setup.sh build             install dependencies and build only
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
JOBS=${JOBS:-$(nproc)}

APT_PACKAGES=(
    build-essential cmake ninja-build pkg-config ccache git
    qt6-base-dev qt6-base-dev-tools qcoro-qt6-dev qt6-httpserver-dev libyaml-cpp-dev libgl1-mesa-dev
    qtkeychain-qt6-dev # connection profile secrets in the OS keychain
    qt6-svg-dev        # the SVG icon engine: toolbar and menu icons are SVG
    dbus-daemon        # the desktop-notification test runs its own bus
    qt6-charts-dev     # the sweep's latency histogram
    qt6-tools-dev qt6-l10n-tools # lrelease/lupdate: the translations in translations/
    iputils-ping iproute2 fping nmap # sweeps: the system ping prober, netns test hosts, benchmark baselines
    libssh-dev libgit2-dev # config backups: SSH sessions, and history kept as git commits
    openssh-server openssh-client python3-asyncssh # backups: the tests' sshd, and the benchmark's baselines
    qt6-qpa-plugins fonts-dejavu-core
    xvfb xauth imagemagick curl python3 python3-httpx
    clang libclang-rt-14-dev # fuzz/run.sh: clang and libFuzzer's runtime
    dpkg-dev fakeroot file help2man desktop-file-utils appstream # packages: cpack's .deb, man pages, checks
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_dependencies() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # Node.js (for graphql-js in the contract tests) may already come from another source, e.g. a
    # NodeSource package whose bundled npm conflicts with Debian's: only ask apt when it is missing.
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    if [ ${#missing[@]} -gt 0 ]; then
        log "Installing ${#missing[@]} Debian packages: ${missing[*]}"
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
}

install_node_modules() {
    # graphql-js checks our GraphQL against Infrahub's real SDL in the contract tests.
    local dir
    for dir in tests/contract/*/; do
        if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
            log "npm ci in $dir"
            (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        fi
    done
}

configure_and_build() {
    local dir=$1; shift
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    log "Building in $dir"
    cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "$@" >/dev/null
    cmake --build "$dir" --parallel "$JOBS"
}

run_tests() {
    local dir=$1
    log "Running tests in $dir"
    QT_QPA_PLATFORM=offscreen ctest --test-dir "$dir" --output-on-failure --parallel "$JOBS" --timeout 600
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
run)
    install_dependencies
    configure_and_build "$BUILD_DIR"
    log "Starting Infrahub Console"
    exec "$BUILD_DIR/src/app/infrahub-console" "$@"
    ;;
test)
    install_dependencies
    install_node_modules
    configure_and_build "$BUILD_DIR"
    run_tests "$BUILD_DIR"
    if [ "${CI:-}" = "true" ] || [ "${INFRAHUB_TEST_SANITIZERS:-}" = "1" ]; then
        configure_and_build "$ROOT/build-asan" -DINFRAHUB_SANITIZE=ON
        ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 run_tests "$ROOT/build-asan"
        # A bounded libFuzzer run over the response parsers (clang build in build-fuzz, a few minutes).
        log "Fuzzing the response parsers"
        FUZZ_SECONDS=60 fuzz/run.sh
    fi
    ;;
build)
    install_dependencies
    configure_and_build "$BUILD_DIR"
    ;;
*)
    echo "usage: $0 run [app arguments] | test | build" >&2
    exit 2
    ;;
esac
