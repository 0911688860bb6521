#!/usr/bin/env bash
# Runs ckimport under valgrind (memcheck, full leak check) on every golden
# case (in every format it has, output compared with the expected file) and
# on every fixture folder: a second opinion beside ASan/UBSan, on a build
# without sanitizers (valgrind and ASan do not mix).
#
#   tests/hostile/valgrind_goldens.sh [CKIMPORT]
#
# Without CKIMPORT, builds one in build-valgrind (Debug, no sanitizers).
# Skips (exit 0 with a message) when valgrind is not installed. Exit status 1
# when valgrind reports an error or a leak in any run (--error-exitcode=99),
# or ckimport crashes, or its output differs from a golden file; ckimport's
# exit status is not judged here, the golden tests do that.
#
# Not registered with ctest: it takes minutes (valgrind runs ~20-50x slower).
set -uo pipefail
cd "$(dirname "$0")/../.."

if ! command -v valgrind >/dev/null; then
  echo "SKIP: valgrind is not installed (apt-get install valgrind)"
  exit 0
fi

if (($# >= 1)); then
  ckimport=$(realpath "$1")
else
  build=${CKIMPORT_VALGRIND_BUILD_DIR:-build-valgrind}
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCKIMPORT_SANITIZE=OFF -DCKIMPORT_TESTS=OFF >/dev/null &&
    cmake --build "$build" -j"$(nproc)" --target ckimport >/dev/null || exit 1
  ckimport=$PWD/$build/ckimport
fi
if nm -C "$ckimport" 2>/dev/null | grep -q __asan_init; then
  echo "$ckimport is built with AddressSanitizer: valgrind needs a build without it" >&2
  exit 2
fi

logs=$(mktemp -d "${TMPDIR:-/tmp}/ckimport-valgrind.XXXXXX")
failures=0 runs=0 start=$SECONDS

vg() {  # vg NAME ARGS...
  local name=$1
  shift
  local log=$logs/$name.log t0=$SECONDS
  runs=$((runs + 1))
  valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --track-origins=yes --log-file="$log" \
    "$ckimport" "$@" >"$logs/$name.stdout" 2>"$logs/$name.stderr"
  local status=$?
  if ((status == 99 || status >= 128)) || [[ -s $log ]]; then
    echo "FAIL $name: ckimport $* -> exit $status; valgrind says:" >&2
    head -30 "$log" >&2
    failures=$((failures + 1))
  else
    echo "ok   $name: exit $status in $((SECONDS - t0))s"
  fi
}

# 1. Every golden case, exactly as tests/golden/check_golden.sh runs it, in
#    each format it has an expected file for; the output must match it too
#    (valgrind must not change what ckimport prints).
for case_dir in tests/golden/cases/*/; do
  case_dir=${case_dir%/}
  name=golden.$(basename "$case_dir")
  mapfile -t args <"$case_dir/args"
  for expected in "$case_dir"/expected.*; do
    format=${expected##*.}
    [[ $format == stderr ]] && continue
    NO_COLOR=1 vg "$name.$format" "${args[@]}" --format "$format" </dev/null
    if ! cmp -s "$expected" "$logs/$name.$format.stdout"; then
      echo "FAIL $name.$format: output differs from $expected under valgrind" >&2
      failures=$((failures + 1))
    fi
  done
done

# 2. Every fixture folder that is a bundle (holds .json files; not existing/
#    or members/, not a subfolder of a bundle with ckimport.json), checked
#    whole, and every JSON file of the syntax fixtures on its own.
while IFS= read -r -d '' dir; do
  compgen -G "$dir/*.json" >/dev/null || continue
  [[ -f $(dirname "$dir")/ckimport.json ]] && continue
  rel=${dir#fixtures/}
  vg "fixture.${rel//\//_}" check "$dir" --color=never
done < <(find fixtures -mindepth 1 -type d ! -name existing ! -name members -print0 | sort -z)
if [[ -f fixtures/rules/schema-violation/schema.json ]]; then
  vg validate.schema-violation validate --schema fixtures/rules/schema-violation/schema.json \
    fixtures/rules/schema-violation/document.json
fi
for f in fixtures/rules/syntax/*.json; do
  vg "file.$(basename "$f" .json)" check --type users "$f"
done
vg stdin check --type users - <fixtures/example/users.json

echo "valgrind: $runs runs, $failures failed, $((SECONDS - start))s (logs: $logs)"
((failures == 0))
