#!/usr/bin/env bash
# Every fixture's `--format json` output, validated against
# schemas/ckimport-output.schema.json with ckimport's own
# `ckimport validate --schema`. The runs are those of fixture_runs.bash (the
# same as sarif.sh). Also checks that the JSON goes to stdout alone: ckimport
# writes nothing on stderr in these runs.
#
#   json_output_schema.sh CKIMPORT_BINARY REPO_ROOT
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
schema=$root/schemas/ckimport-output.schema.json
[[ -f $schema ]] || { echo "FAIL: no $schema"; exit 1; }

# shellcheck source-path=SCRIPTDIR source=fixture_runs.bash
source "$here/fixture_runs.bash"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scratch" "$tmp/out"
export NO_COLOR=1

names=()
failures=()

one_run() {  # one_run NAME STDIN ARGS...
  local name=$1 stdin=$2 status=0
  shift 2
  local file=$tmp/out/${name//\//_}.json
  [[ -n $stdin ]] || stdin=/dev/null
  (cd "$root" && "$ckimport" "$@" --format json <"$stdin" >"$file" 2>"$file.err") || status=$?
  echo "---- $name: ckimport $* --format json (exit $status)"
  if [[ $status -gt 1 ]]; then
    sed 's/^/    /' "$file.err"
    echo "FAIL: $name: ckimport exited $status"
    return 1
  fi
  if [[ -s $file.err ]]; then
    sed 's/^/    /' "$file.err"
    echo "FAIL: $name: ckimport wrote on stderr (above) with --format json"
    return 1
  fi
  status=0
  "$ckimport" validate --schema "$schema" "$file" --format text --no-color >"$file.validation" 2>&1 </dev/null || status=$?
  sed 's/^/    /' "$file.validation"
  if [[ $status -ne 0 ]]; then
    echo "FAIL: $name: the output does not follow the schema (exit $status); it was:"
    sed 's/^/    | /' "$file"
    return 1
  fi
  echo "ok: $name"
}

run() {
  names+=("$1")
  one_run "$@" || failures+=("$1")
}

# The check must be able to fail: a document the schema rejects (a column 0,
# an unknown severity, no summary) must be reported.
printf '%s\n' '{"version": 1, "columnUnit": "unicodeCodePoints", "diagnostics": [{"file": "u.json", "line": 1, "column": 0, "endLine": 1, "endColumn": 2, "offset": 0, "endOffset": 1, "severity": "fatal", "rule": "x", "message": "m", "pointer": "", "help": null, "related": []}]}' >"$tmp/bad.json"
status=0
"$ckimport" validate --schema "$schema" "$tmp/bad.json" --no-color >"$tmp/bad.out" 2>&1 </dev/null || status=$?
if [[ $status -eq 1 ]] && grep -q 'error' "$tmp/bad.out"; then
  echo "ok: a document that breaks the schema is rejected"
else
  sed 's/^/    /' "$tmp/bad.out"
  echo "FAIL: ckimport validate accepted a document that breaks the schema (exit $status)"
  failures+=("negative-control")
fi

for_each_fixture_run "$root" "$tmp/scratch" run

echo
if [[ ${#failures[@]} -ne 0 ]]; then
  echo "json-output-schema: ${#failures[@]} failed: ${failures[*]}"
  exit 1
fi
echo "json-output-schema: ${#names[@]} outputs follow schemas/ckimport-output.schema.json"
