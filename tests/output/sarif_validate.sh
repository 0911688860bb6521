#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF validator and fails on any
# error-level finding (schema violations JSON10xx, and rules SARIF1xxx such as
# SARIF1011 for a pre-release $schema). All files go to one validator run:
# its start-up (about 3 s of .NET) is most of its time.
#
# Usage: tests/output/sarif_validate.sh SARIF_MULTITOOL FILE.sarif...
#   Prints, for each file, "valid: FILE" or "invalid: FILE" followed by its
#   error-level results; exits 1 if any file is invalid, 2 on bad usage.
#   SARIF_MULTITOOL  the sarif-multitool executable: the npm wrapper
#                    (node_modules/.bin/sarif-multitool) or the native binary
#                    (node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool)
#
# Installs nothing. To get the tool (it ships a self-contained .NET binary and
# runs offline once installed):
#   mkdir -p /tmp/sarifcheck && cd /tmp/sarifcheck && npm install @microsoft/sarif-multitool
#
# Why the console output is parsed: `sarif-multitool validate` exits 0 even
# when it reports errors (a non-zero exit means the tool itself failed). It
# prints each finding as `FILE(LINE,COL): LEVEL CODE: MESSAGE`, so an
# error-level finding is a line with `): error CODE:`. Warnings (SARIF2xxx
# advice) are shown and do not fail. The --output log is not grepped for
# "level": "error": that also matches the rule descriptors it lists.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 SARIF_MULTITOOL FILE.sarif..." >&2
  exit 2
fi
multitool=$1
shift

if [[ ! -x $multitool ]] && ! command -v "$multitool" >/dev/null 2>&1; then
  echo "$0: not an executable: $multitool" >&2
  exit 2
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
console=$workdir/console.txt

# Each file is copied under a plain name (N.sarif): the validator's results
# start with the path it was given, and the originals' paths may hold
# spaces or parentheses.
originals=("$@")
copies=()
for i in "${!originals[@]}"; do
  sarif=${originals[$i]}
  if [[ ! -f $sarif ]]; then
    echo "$0: no such file: $sarif" >&2
    exit 2
  fi
  copies+=("$workdir/$i.sarif")
  cp -- "$sarif" "$workdir/$i.sarif"
done

status=0
DOTNET_CLI_TELEMETRY_OPTOUT=1 "$multitool" validate "${copies[@]}" \
  --output "$workdir/validation.sarif" --log ForceOverwrite \
  >"$console" 2>&1 || status=$?

if [[ $status -ne 0 ]] || ! grep -q 'Analysis completed successfully' "$console"; then
  cat "$console"
  echo "$0: sarif-multitool failed (exit $status) or did not complete its analysis" >&2
  exit 1
fi

# Findings: "PATH(1,305): error JSON1008: ..."; tool failures on a file:
# "PATH: error ERR997...".
invalid=0
for i in "${!originals[@]}"; do
  sarif=${originals[$i]}
  copy=${copies[$i]}
  if [[ ! -s $sarif ]]; then
    echo "invalid: $sarif"
    echo "    the file is empty"
    invalid=$((invalid + 1))
    continue
  fi
  results=$(grep -F -- "$copy" "$console" | grep -E "^$copy(\([0-9]+,[0-9]+\))?: error [A-Z]+[0-9]+" || true)
  if [[ -n $results ]]; then
    echo "invalid: $sarif"
    printf '%s\n' "$results" | sed "s|^$copy|    |"
    invalid=$((invalid + 1))
  else
    echo "valid: $sarif"
  fi
  # Warnings (SARIF2xxx) are shown, never failed on.
  grep -E "^$copy(\([0-9]+,[0-9]+\))?: warning [A-Z]+[0-9]+" "$console" | sed "s|^$copy|    |" || true
done
((invalid == 0)) || exit 1
