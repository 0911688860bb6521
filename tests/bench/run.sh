#!/usr/bin/env bash
# The issue-5 benchmark, in one command from a clean clone:
#
#   tests/bench/run.sh [--size 150M|1.5G|5G ...] [--runs N] [--runs-large N] [--seed S]
#
# Builds ckimport (Release, into build-bench/ or $CKIMPORT_BENCH_BUILD), installs the peers
# (@sourcemeta/jsonschema, ajv-cli, pinned by tests/bench/peers/) into
# $CKIMPORT_BENCH_DIR/peers, generates the bundles (cached in
# $CKIMPORT_BENCH_DIR/data), then prints the tables (see README.md).
# CKIMPORT_BENCH_DIR defaults to /tmp/ckimport-bench. The 150M bundle is
# always measured; --size adds larger ones to table 2. Exit status 1 when a
# target is missed or a tool does not find the data valid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${CKIMPORT_BENCH_DIR:-/tmp/ckimport-bench}
build=${CKIMPORT_BENCH_BUILD:-$root/build-bench}  # the Release build's folder
bench_args=()

while (($#)); do
  case $1 in
    --size|--runs|--runs-large|--seed)
      (($# >= 2)) || { echo "run.sh: $1 needs a value" >&2; exit 2; }
      bench_args+=("$1" "$2"); shift 2 ;;
    --size=*|--runs=*|--runs-large=*|--seed=*) bench_args+=("$1"); shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '%s\n' "$*" >&2; }
mkdir -p "$work"

# ---------------------------------------------------------------- ckimport
say "building ckimport (Release) in $build ..."
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCKIMPORT_TESTS=OFF -DCKIMPORT_BENCH=ON >"$work/cmake-configure.log" 2>&1 \
  || { cat "$work/cmake-configure.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" >"$work/cmake-build.log" 2>&1 \
  || { tail -50 "$work/cmake-build.log" >&2; exit 1; }
ckimport=$build/ckimport
floor=$build/simdjson_floor  # tests/bench/simdjson_floor.cpp, same compiler and flags
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
compiler="$(basename "$compiler") $("$compiler" -dumpfullversion 2>/dev/null || echo '?')"

# ---------------------------------------------------------------- peers
peers=$work/peers
jsonschema=""
jsonschema_note="npm not found"
ajv=""
if command -v npm >/dev/null 2>&1; then
  if ! cmp -s "$here/peers/package-lock.json" "$peers/package-lock.json" || [ ! -d "$peers/node_modules" ]; then
    say "installing the peers into $peers ..."
    rm -rf "$peers" && mkdir -p "$peers"
    cp "$here/peers/package.json" "$here/peers/package-lock.json" "$peers/"
    (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) \
      || { say "npm ci failed (see $work/npm.log); the peers are n/a"; }
  fi
  # The npm package's `jsonschema` is a node script that spawns a native
  # binary: call that binary directly (what the wrapper would run), so node's
  # start-up is not counted against the peer.
  releases=$peers/node_modules/@sourcemeta/jsonschema/build/github-releases
  jsonschema_note="the npm package ships no binary that runs here"
  arch=$(uname -m); [ "$arch" = aarch64 ] && arch=arm64
  for candidate in "jsonschema-linux-$arch" "jsonschema-linux-$arch-musl"; do
    if [ -x "$releases/$candidate" ] && "$releases/$candidate" version >/dev/null 2>&1; then
      jsonschema=$releases/$candidate
      break
    fi
  done
  [ -x "$peers/node_modules/.bin/ajv" ] && ajv=$peers/node_modules/.bin/ajv
fi

exec python3 "$here/bench.py" --ckimport "$ckimport" --compiler "$compiler" \
  --jsonschema "$jsonschema" --jsonschema-note "$jsonschema_note" --ajv "$ajv" --floor "$floor" --peers "$peers" \
  --schema "$here/messages.schema.json" --fixture "$root/fixtures/example" --work "$work" \
  ${bench_args[@]+"${bench_args[@]}"}
