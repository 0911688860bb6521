#!/usr/bin/env bash
# Validates a SARIF file with Microsoft's SARIF validator and fails on any
# error-level finding (schema violations JSON10xx, and rules SARIF1xxx such as
# SARIF1011 for a pre-release $schema).
#
# Usage: tests/output/sarif_validate.sh SARIF_MULTITOOL FILE.sarif
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

if [[ $# -ne 2 ]]; then
  echo "usage: $0 SARIF_MULTITOOL FILE.sarif" >&2
  exit 2
fi
multitool=$1
sarif=$2

if [[ ! -x $multitool ]] && ! command -v "$multitool" >/dev/null 2>&1; then
  echo "$0: not an executable: $multitool" >&2
  exit 2
fi
if [[ ! -f $sarif ]]; then
  echo "$0: no such file: $sarif" >&2
  exit 2
fi
if [[ ! -s $sarif ]]; then
  echo "$0: $sarif is empty" >&2
  exit 1
fi

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
console=$workdir/console.txt

# The npm wrapper runs the binary through a shell (spawnSync with
# shell: true), so every argument must be free of spaces and shell
# characters: validate a copy under a mktemp name, and pass no ';' lists.
copy=$workdir/input.sarif
cp -- "$sarif" "$copy"

status=0
DOTNET_CLI_TELEMETRY_OPTOUT=1 "$multitool" validate "$copy" \
  --output "$workdir/validation.sarif" --log ForceOverwrite \
  >"$console" 2>&1 || status=$?
cat "$console"

if [[ $status -ne 0 ]]; then
  echo "$0: sarif-multitool failed (exit $status)" >&2
  exit 1
fi
if ! grep -q 'Analysis completed successfully' "$console"; then
  echo "$0: sarif-multitool did not complete its analysis" >&2
  exit 1
fi

# Findings: "...(1,305): error JSON1008: ..."; tool failures: "...: error ERR997...".
errors=$(grep -cE '\([0-9]+,[0-9]+\): error [A-Z]+[0-9]+:' "$console" || true)
tool_errors=$(grep -cE ': error ERR[0-9]+' "$console" || true)

if [[ $errors -ne 0 || $tool_errors -ne 0 ]]; then
  echo "$0: $sarif: $errors error-level validation result(s), $tool_errors tool error(s)" >&2
  exit 1
fi
echo "$0: $sarif: no error-level validation results"
