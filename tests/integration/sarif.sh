#!/usr/bin/env bash
# Every fixture's `--format sarif` output, validated by Microsoft's SARIF
# validator (`sarif-multitool validate`, npm @microsoft/sarif-multitool, the
# version pinned in tests/integration/package-lock.json). Fails on any
# error-level validation result: schema violations (JSON10xx) and SARIF1xxx
# rules; SARIF2xxx warnings are shown only. The runs are those of
# fixture_runs.bash.
#
#   sarif.sh CKIMPORT_BINARY REPO_ROOT [SARIF_MULTITOOL]
#
# SARIF_MULTITOOL (argument, else the environment variable of that name)
# defaults to REPO_ROOT/tests/integration/node_modules/.bin/sarif-multitool,
# which this installs (nothing else is needed: the package ships a
# self-contained .NET binary and runs offline):
#
#   npm ci --prefix tests/integration
#
# Without the tool it prints SKIPPED and exits 77 (ctest: skipped), unless
# CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1, when a missing tool is a failure.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT [SARIF_MULTITOOL]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
multitool=${3:-${SARIF_MULTITOOL:-$root/tests/integration/node_modules/.bin/sarif-multitool}}
validate=$root/tests/output/sarif_validate.sh

if [[ ! -x $multitool ]] && ! command -v "$multitool" >/dev/null 2>&1; then
  message="sarif-multitool not installed ($multitool); install it with: npm ci --prefix tests/integration"
  if [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]]; then
    echo "FAIL: $message (CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1)"
    exit 1
  fi
  echo "SKIPPED: $message"
  exit 77
fi
[[ -f $validate ]] || { echo "FAIL: no $validate"; exit 1; }

# shellcheck source-path=SCRIPTDIR source=fixture_runs.bash
source "$here/fixture_runs.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scratch" "$tmp/out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
# .NET writes a cache under HOME; keep it in the throwaway folder.
export HOME=$tmp/home DOTNET_BUNDLE_EXTRACT_BASE_DIR=$tmp/dotnet
mkdir -p "$HOME"

# ckimport writes every fixture's SARIF first; then one validator run
# checks them all (its .NET start-up is about 3 s a run).
names=()
files=()
failures=()

one_run() {  # one_run NAME STDIN ARGS...: writes NAME's SARIF, fails if ckimport did
  local name=$1 stdin=$2 status=0
  shift 2
  local file=$tmp/out/${name//\//_}.sarif
  [[ -n $stdin ]] || stdin=/dev/null
  (cd "$root" && "$ckimport" "$@" --format sarif <"$stdin" >"$file" 2>"$file.err") || status=$?
  echo "---- $name: ckimport $* --format sarif (exit $status)"
  if [[ $status -gt 1 ]]; then
    sed 's/^/    /' "$file.err"
    echo "FAIL: $name: ckimport exited $status"
    return 1
  fi
  files+=("$file")
}

run() {
  names+=("$1")
  one_run "$@" || failures+=("$1")
}

for_each_fixture_run "$root" "$tmp/scratch" run

echo
status=0
bash "$validate" "$multitool" "${files[@]}" >"$tmp/validation.txt" 2>&1 || status=$?
cat "$tmp/validation.txt"
if [[ $status -gt 1 ]]; then
  echo "FAIL: the validator did not run (exit $status)"
  exit 1
fi
# Each invalid output, shown whole under its validation results.
while IFS= read -r line; do
  file=${line#invalid: }
  name=$(basename "$file" .sarif)
  failures+=("$name")
  echo "FAIL: $name: the SARIF did not validate; it was:"
  sed 's/^/    | /' "$file"
done < <(grep '^invalid: ' "$tmp/validation.txt")
validated=$(grep -c '^valid: ' "$tmp/validation.txt" || true)
if [[ $validated -ne ${#files[@]} && ${#failures[@]} -eq 0 ]]; then
  echo "FAIL: ${#files[@]} outputs written, $validated reported valid"
  exit 1
fi

echo
if [[ ${#failures[@]} -ne 0 ]]; then
  echo "sarif: ${#failures[@]} of ${#names[@]} outputs failed: ${failures[*]}"
  exit 1
fi
echo "sarif: ${#names[@]} outputs validated by sarif-multitool, no error-level results"
