#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer coverage
# of the libraries) in build-fuzz/ (or FUZZ_BUILD_DIR: a tree configured for
# fuzzing already, like tests/run-all.sh's, is built as it is), replays every
# past crash and every seed, then fuzzes each target for its share of
# SECONDS_TOTAL.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS_TOTAL]     (default 60)
#
# Targets run side by side, one per core (at most FUZZ_JOBS, default nproc),
# so the wall time is about SECONDS_TOTAL plus the build. Each target gets
# SECONDS_TOTAL * jobs / targets seconds.
#
# Prints one line per target:
#   replay <target>: <N> inputs, 0 crashes
#   fuzz <target>: <executions> execs, corpus <N> files, 0 crashes
# and exits non-zero on any crash (a regression that still crashes included), hang (-timeout=10), leak or out-of-memory
# (-rss_limit_mb=2048); the input is copied to tests/fuzz/regressions/<target>/
# (keep it there forever: it is replayed on every run) and its path printed.
#
# The repository is never written to except for such a crash input: fuzzing
# grows a copy of the seed corpus in build-fuzz/fuzz-corpus/<target>/.
#
# Fuzzing longer, on demand:
#   tests/fuzz/run-fuzzers.sh 3600                 # an hour in all
#   FUZZ_TARGETS="file_checker" tests/fuzz/run-fuzzers.sh 1800
#   # or one target by hand, all cores, corpus kept between runs:
#   build-fuzz/tests/fuzz/fuzz_syntax_locator -dict=tests/fuzz/json.dict \
#     -timeout=10 -rss_limit_mb=2048 -jobs=8 -workers=8 -max_total_time=7200 \
#     -artifact_prefix=build-fuzz/artifacts/ build-fuzz/fuzz-corpus/syntax_locator
# Worth keeping: a grown corpus can be minimised into the seeds with
#   fuzz_X -merge=1 tests/fuzz/corpus/X build-fuzz/fuzz-corpus/X
#
# Known bugs (tests/fuzz/known-bugs): their regressions fail the replay, so
# the run fails until they are fixed, but fuzzing tolerates them so that it
# finds other bugs rather than the same one again.
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_TARGETS (default
# all), FUZZ_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
fuzz_src=$repo/tests/fuzz

total=${1:-60}
[[ $total =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS_TOTAL]" >&2; exit 2; }
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=(${FUZZ_TARGETS:-element_reader syntax_locator token_locator file_checker fast_path message_lane lsp_messages})
jobs=${FUZZ_JOBS:-$(nproc)}
((jobs > ${#targets[@]})) && jobs=${#targets[@]}
((jobs < 1)) && jobs=1

# --- clang and libFuzzer -----------------------------------------------------
missing=()
command -v clang++ >/dev/null || missing+=(clang)
compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a" >/dev/null ||
  missing+=(libclang-rt-14-dev)
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang libclang-rt-14-dev
fi

# --- build -------------------------------------------------------------------
# ckimport_core gets -fsanitize=fuzzer-no-link (coverage for libFuzzer) from
# CMAKE_CXX_FLAGS and ASan + UBSan from CKIMPORT_SANITIZE. -O1 -g without
# NDEBUG: fast enough, and the asserts in src/ stay on.
# A tree already configured for fuzzing (tests/run-all.sh's test build) is
# used as it is: configuring it again with other flags would rebuild it all.
if grep -q '^CKIMPORT_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null &&
  grep -q '^CMAKE_CXX_FLAGS:.*fuzzer-no-link' "$build/CMakeCache.txt"; then
  echo "fuzz: the targets of $build, as configured there" >&2
else
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCKIMPORT_FUZZ=ON -DCKIMPORT_TESTS=ON \
    -DCKIMPORT_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
fi
build_start=$SECONDS
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
echo "build: $((SECONDS - build_start)) s" >&2

# Replays are strict; only fuzzing tolerates the known bugs.
unset CKIMPORT_FUZZ_TOLERATE
known_bugs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$fuzz_src/known-bugs" 2>/dev/null | tr -s ' \n' ',' | sed 's/,$//')
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
common_flags=(-timeout=10 -rss_limit_mb=2048)
status=0

# A crash input found by libFuzzer (crash-*, timeout-*, leak-*, oom-*,
# slow-unit-* is not a failure) goes to regressions/ for good.
# Prints how many.
keep_artifacts() {
  local target=$1 dir=$2 found=0
  shopt -s nullglob
  for artifact in "$dir"/crash-* "$dir"/timeout-* "$dir"/leak-* "$dir"/oom-*; do
    mkdir -p "$fuzz_src/regressions/$target"
    cp "$artifact" "$fuzz_src/regressions/$target/"
    echo "fuzz $target: CRASH input saved as tests/fuzz/regressions/$target/$(basename "$artifact")" >&2
    found=$((found + 1))
  done
  shopt -u nullglob
  echo "$found"
}

# --- replay: every regression and seed, no fuzzing ---------------------------
# An input that still crashes (a bug not fixed yet) fails the run, is named,
# and is left out of that target's fuzzing seeds, so the other bugs can still
# be found; the target is fuzzed all the same.
declare -A known_crashes
for target in "${targets[@]}"; do
  bin=$build/tests/fuzz/fuzz_$target
  inputs=()
  for kind in regressions corpus; do
    [[ -d $fuzz_src/$kind/$target ]] || continue
    while IFS= read -r -d '' f; do inputs+=("$f"); done \
      < <(find "$fuzz_src/$kind/$target" -type f ! -name '.gitkeep' -print0 | sort -z)
  done
  ((${#inputs[@]})) || continue
  log=$build/fuzz-logs/replay-$target.log
  mkdir -p "$(dirname "$log")"
  rm -f "$log.failed"
  # Files, not folders: libFuzzer then runs each once and writes nothing.
  if printf '%s\0' "${inputs[@]}" |
    xargs -0 -n 200 "$bin" "${common_flags[@]}" -runs=1 >"$log" 2>&1; then
    echo "replay $target: ${#inputs[@]} inputs, 0 crashes"
    continue
  fi
  # Which ones? One run each.
  failed=()
  for f in "${inputs[@]}"; do
    if ! "$bin" "${common_flags[@]}" -runs=1 "$f" >"$log.one" 2>&1; then
      failed+=("$f")
      cat "$log.one" >>"$log.failed"
      echo "replay $target: CRASH on ${f#"$repo"/}:" >&2
      grep -m3 -E 'ERROR: |runtime error:|FUZZ_CHECK|DISAGREEMENT|SUMMARY' "$log.one" | sed 's/^/    /' >&2
    fi
  done
  rm -f "$log.one"
  echo "replay $target: ${#inputs[@]} inputs, ${#failed[@]} crashes"
  known_crashes[$target]=$(printf '%s\n' "${failed[@]}")
  status=1
done

# --- fuzz ----------------------------------------------------------------------
[[ -n $known_bugs ]] && echo "fuzzing with known bugs tolerated: $known_bugs (tests/fuzz/known-bugs)"
share=$((total * jobs / ${#targets[@]}))
((share < 1)) && share=1
fuzz_one() {
  local target=$1 bin=$build/tests/fuzz/fuzz_$target
  local corpus=$build/fuzz-corpus/$target artifacts=$build/artifacts/$target
  local log=$build/fuzz-logs/fuzz-$target.log
  mkdir -p "$corpus" "$artifacts"
  rm -f "$artifacts"/*
  # A crash input from an earlier run must not be a seed while it still crashes.
  while IFS= read -r f; do
    [[ -n $f ]] && rm -f "$corpus/$(basename "$f")"
  done <<<"${known_crashes[$target]:-}"
  # A writable copy of the seeds (and the regressions that no longer crash),
  # kept and grown across runs.
  for kind in corpus regressions; do
    [[ -d $fuzz_src/$kind/$target ]] || continue
    while IFS= read -r -d '' f; do
      grep -qxF -- "$f" <<<"${known_crashes[$target]:-}" && continue
      cp -n -t "$corpus" "$f"
    done < <(find "$fuzz_src/$kind/$target" -type f ! -name '.gitkeep' -print0)
  done
  set +e
  CKIMPORT_FUZZ_TOLERATE=$known_bugs "$bin" "${common_flags[@]}" -max_total_time="$share" -print_final_stats=1 \
    -dict="$fuzz_src/json.dict" -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1
  echo $? >"$log.rc"
  set -e
}
running=0
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

for target in "${targets[@]}"; do
  log=$build/fuzz-logs/fuzz-$target.log
  rc=$(cat "$log.rc")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  files=$(find "$build/fuzz-corpus/$target" -type f | wc -l)
  crashes=$(keep_artifacts "$target" "$build/artifacts/$target")
  if ((crashes == 0 && rc != 0)); then crashes=1; fi
  echo "fuzz $target: ${execs:-?} execs, corpus $files files, $crashes crashes"
  if ((crashes > 0)); then
    status=1
    echo "  log: $log" >&2
    grep -E 'ERROR: |runtime error:|FUZZ_CHECK|DISAGREEMENT|^    #[0-9] ' "$log" | head -12 >&2
  fi
done
exit "$status"
