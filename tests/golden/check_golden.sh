#!/usr/bin/env bash
# Runs the real ckimport binary for one golden case and compares its output.
#
#   check_golden.sh CKIMPORT REPO_ROOT CASE_DIR
#
# CASE_DIR/args         the arguments, one per line (paths relative to REPO_ROOT)
# CASE_DIR/exit-code    the expected exit status
# CASE_DIR/expected.F   expected stdout with `--format F` appended (F = text,
#                       json, sarif, github); one run per file present; the
#                       checkout's file:// URI is written file:///CHECKOUT/
# CASE_DIR/expected.stderr  (optional) expected stderr of the text run
#
# The verbs without --format (explain, rules, schema) have expected.text
# only, and run without --format.
#
# CKIMPORT_BLESS=1 rewrites the expected files from the actual output, for
# review with `git diff` (rustc's --bless).
set -euo pipefail
ckimport=$1 root=$2 case_dir=$3
cd "$root"
mapfile -t args < "$case_dir/args"
expected_exit=$(cat "$case_dir/exit-code")
status=0
shopt -s nullglob
formats=()
for f in "$case_dir"/expected.*; do
  format=${f##*.}
  [[ $format == stderr ]] || formats+=("$format")
done
[[ ${#formats[@]} -gt 0 ]] || { echo "no expected.<format> files in $case_dir"; exit 1; }
for format in "${formats[@]}"; do
  actual_out=$(mktemp) actual_err=$(mktemp)
  set +e
  format_args=(--format "$format")
  [[ ${args[0]} == explain || ${args[0]} == rules || ${args[0]} == schema ]] && format_args=()
  NO_COLOR=1 "$ckimport" "${args[@]}" "${format_args[@]}" >"$actual_out" 2>"$actual_err" </dev/null
  code=$?
  set -e
  # SARIF names the working directory as a file:// URI; goldens must not
  # depend on where the clone is.
  sed -i "s|file://$(pwd)/|file:///CHECKOUT/|g" "$actual_out"
  if [[ ${CKIMPORT_BLESS:-} == 1 ]]; then
    cp "$actual_out" "$case_dir/expected.$format"
    echo "$code" >"$case_dir/exit-code"
    if [[ $format == text && -s $actual_err ]]; then cp "$actual_err" "$case_dir/expected.stderr"; fi
    expected_exit=$code
  fi
  if ! diff -u "$case_dir/expected.$format" "$actual_out"; then
    echo "FAIL: $case_dir: --format $format: stdout differs (above)"
    status=1
  fi
  if [[ $code != "$expected_exit" ]]; then
    echo "FAIL: $case_dir: --format $format: exit $code, expected $expected_exit"
    cat "$actual_err"
    status=1
  fi
  if [[ $format == text && -f $case_dir/expected.stderr ]] && ! diff -u "$case_dir/expected.stderr" "$actual_err"; then
    echo "FAIL: $case_dir: stderr differs (above)"
    status=1
  fi
  rm -f "$actual_out" "$actual_err"
done
exit $status
