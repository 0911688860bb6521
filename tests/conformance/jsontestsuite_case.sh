#!/usr/bin/env bash
# One JSONTestSuite parsing case through `ckimport validate` with an empty
# schema: y_ files are accepted (exit 0, no diagnostic), n_ files rejected
# with a located diagnostic (exit 1, line and column >= 1), i_ files either
# way; never a crash, a hang or a usage error.
#
#   jsontestsuite_case.sh CKIMPORT FILE
set -uo pipefail
ckimport=$1 file=$2
schema=$(dirname "$0")/empty.schema.json
name=$(basename "$file")
out=$(timeout 20 "$ckimport" validate --schema "$schema" --format json "$file" 2>&1)
code=$?
if (( code >= 2 )); then
  echo "FAIL: $name: exit $code (a crash, a hang or a usage error)"
  echo "$out" | head -20
  exit 1
fi
located=$(python3 -c '
import json, sys
report = json.loads(sys.stdin.read())
errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
print(len(errors), all(d["line"] >= 1 and d["column"] >= 1 for d in errors))
' <<<"$out") || { echo "FAIL: $name: the JSON output does not parse"; echo "$out" | head -5; exit 1; }
case $name in
  y_*) [[ $code == 0 && $located == "0 True" ]] || { echo "FAIL: $name: valid JSON rejected (exit $code)"; echo "$out" | head -20; exit 1; } ;;
  n_*) [[ $code == 1 && $located == "1 True" ]] || { echo "FAIL: $name: invalid JSON not rejected with one located error (exit $code, $located)"; echo "$out" | head -20; exit 1; } ;;
  i_*) ;;
esac
echo "ok: $name (exit $code)"
