# Sourced by sarif.sh and json_output_schema.sh: the ckimport runs whose
# machine-readable output they validate, one call of a callback per run.
#
#   for_each_fixture_run ROOT SCRATCH CALLBACK
#
# calls `CALLBACK NAME STDIN ARGS...` for each run, where ARGS are ckimport's
# arguments without --format (paths relative to ROOT, the working directory
# the callback must run ckimport in) and STDIN is a file to feed on standard
# input, or "" for none. SCRATCH is an empty folder the runs may copy
# fixtures into. The callback's exit status is ignored: it records failures.
#
# The runs: fixtures/broken-bundle, fixtures/example, every fixtures/rules/*, fixtures/fixes/*
# and fixtures/bundles/* folder but those whose golden run exits 2 (a rules folder with a golden case
# tests/golden/cases/rule-NAME is run with that case's arguments, e.g.
# --max-item-size, or `validate --schema` for schema-violation); then a named
# file in a bundle, standard input with --stdin-filename, --max-diagnostics,
# fixtures/promise/ runs of repeated problems, and an absolute path outside the working directory whose folder name has a
# space and non-ASCII letters (file:// URIs, percent-encoding).

for_each_fixture_run() {
  local root=$1 scratch=$2 callback=$3
  local dir name case_dir
  local -a args
  "$callback" broken-bundle "" check fixtures/broken-bundle
  "$callback" example "" check fixtures/example
  for dir in "$root"/fixtures/rules/*/ "$root"/fixtures/bundles/*/ "$root"/fixtures/fixes/*/; do
    dir=${dir%/}
    name=${dir#"$root"/fixtures/}
    # A fixture whose golden run fails by design (exit 2: no bundle at all)
    # has no report to validate.
    if grep -qlx "fixtures/$name" "$root"/tests/golden/cases/*/args 2>/dev/null &&
      [[ $(cat "$(dirname "$(grep -lx "fixtures/$name" "$root"/tests/golden/cases/*/args | head -1)")/exit-code") == 2 ]]; then
      continue
    fi
    case_dir=$root/tests/golden/cases/rule-${name#rules/}
    if [[ $name == rules/* && -f $case_dir/args ]]; then
      mapfile -t args <"$case_dir/args"
      "$callback" "$name" "" "${args[@]}"
    else
      "$callback" "$name" "" check "fixtures/$name"
    fi
  done
  "$callback" named-file "" check fixtures/broken-bundle/messages.json
  "$callback" stdin "$root/fixtures/broken-bundle/channels.json" \
    check --stdin-filename fixtures/broken-bundle/channels.json -
  "$callback" max-diagnostics "" check fixtures/broken-bundle --max-diagnostics 3
  # Repeated problems (occurrences, occurrenceCount), a partial users table
  # (notes), a cut that keeps the first of each kind.
  "$callback" one-root-cause "" check fixtures/promise/one-root-cause
  "$callback" partial-users "" check fixtures/promise/partial-users
  "$callback" flood-cut "" check fixtures/promise/flood --max-diagnostics 2
  local odd="$scratch/Bündel mit Leerzeichen #1"
  mkdir -p "$odd"
  cp -R "$root/fixtures/broken-bundle/." "$odd/"
  "$callback" absolute-path "" check "$odd"
}
