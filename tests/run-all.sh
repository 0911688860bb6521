#!/usr/bin/env bash
# Builds ckimport with AddressSanitizer, UndefinedBehaviorSanitizer and
# warnings as errors, and runs every test: Catch2 unit tests (one ctest per
# test case), golden tests of the real binary, JSONTestSuite, hostile inputs,
# the integration tests with the real clients, then the fuzzers. Installs what is
# missing first (Debian 12; as root, or with sudo).
#
# Two builds, on purpose: this one with clang, whose libFuzzer needs it, so
# the fuzz targets come from the same tree as everything tested here (one
# sanitizer build, not two); and the Debian package's Release build with
# GCC, Debian's compiler, in which a warning fails tests/packaging.
#
# This is README's second quick-start command, and what .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and unit tests; then the real clients of the integration tests:
# pre-commit, vim (an editor recipe), neovim (a language server client),
# python3 (test data generators), and npm for Microsoft's SARIF validator and
# VS Code's LSP client libraries; then the packaging tests' tools:
# dpkg-dev (dpkg-shlibdeps), lintian, man-db, mandoc, groff and the shells.
packages=(g++ clang libclang-rt-14-dev cmake make libsimdjson-dev libvalijson-dev libfmt-dev libcli11-dev libicu-dev catch2
          pre-commit git vim neovim python3
          dpkg-dev lintian man-db mandoc groff bash-completion fish zsh)
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

# sarif-multitool and the LSP client libraries, pinned by
# tests/integration/package-lock.json; a checkout installed before the
# language server's test has the first only.
if [[ ! -x tests/integration/node_modules/.bin/sarif-multitool ||
      ! -d tests/integration/node_modules/vscode-languageserver-protocol ]]; then
  npm ci --prefix tests/integration --no-audit --no-fund --loglevel=error
fi
# The tools are installed: a missing one now fails its test instead of
# skipping it.
export CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1

build=${CKIMPORT_TEST_BUILD_DIR:-build-tests}
# -fsanitize=fuzzer-no-link: libFuzzer's coverage in the libraries that the
# fuzz targets share with the tests.
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCKIMPORT_SANITIZE=ON -DCKIMPORT_WERROR=ON \
  -DCKIMPORT_FUZZ=ON -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure | tee "$build/ctest-summary.log"

# The libFuzzer targets, built above: every saved crash and corpus input
# replayed, then a minute of fuzzing across the targets. Longer on demand:
# bash tests/fuzz/run-fuzzers.sh 3600
FUZZ_BUILD_DIR=$build bash tests/fuzz/run-fuzzers.sh 60 | tee "$build/fuzz-summary.log"

# One closing line: ctest's counts (any failure has stopped the script before
# here), and the fuzz targets, each a test that ran clean.
read -r failed total < <(sed -n 's/.* \([0-9]*\) tests failed out of \([0-9]*\)$/\1 \2/p' \
  "$build/ctest-summary.log" | tail -1)
fuzz_targets=$(grep -c '^fuzz .* 0 crashes$' "$build/fuzz-summary.log" || true)
echo "ckimport: $((total - failed + fuzz_targets)) passed, $failed failed"
