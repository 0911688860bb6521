#!/usr/bin/env bash
# Issue 11's "Done when", on the bundle generate_bundle.py builds (a handful
# of root causes, repeated thousands of times):
#   - text output under two screens (100 lines) that names every root cause;
#   - the missing sender and the missing channel one diagnostic each, with
#     the right count; no warning from the channel whose members are broken;
#   - JSON carries all 3,000 misspelt keys (given room by --max-diagnostics),
#     and a cut (the default limit) keeps the first of each kind and counts
#     the rest exactly;
#   - --statistics prints the table only; it refuses other formats;
#   - --format github stays within 10 annotations of each type and appends
#     the step summary; a step summary it cannot write is exit 2.
#
#   done_when.sh CKIMPORT_BINARY REPO_ROOT
#
# Needs python3. The bundle (about 3 MB) is built in a temporary folder.
set -euo pipefail
ckimport=$1 root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tests/root_causes/generate_bundle.py" "$work/bundle"
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# json QUERY FILE: python's answer to QUERY about the JSON document `doc`.
json() { python3 -c "import json,sys; doc=json.load(open(sys.argv[1])); print($1)" "$2"; }

# Text.
set +e
NO_COLOR=1 "$ckimport" check bundle >text.out 2>text.err
code=$?
set -e
[[ $code == 1 ]] || fail "text: exit $code, expected 1"
lines=$(wc -l <text.out)
if (( lines < 100 )); then ok "text: $lines lines (under two screens)"; else fail "text: $lines lines"; fi
for cause in '`display_name` is not a field of a user' '`idempotency_key` is not a field of a text message' \
             'sender `ghost` is not a user of the bundle or the platform (20,000 messages)' \
             'channel 4242 is not a known channel (5,000 messages)' '`members` must be an array'; do
  if grep -qF -- "$cause" text.out; then ok "text names: $cause"; else fail "text does not name: $cause"; fi
done
grep -qF '… and 1,997 more like this in bundle/users.json [unknown-field]' text.out ||
  fail "text: no fold line for display_name"
grep -qF '… and 997 more like this in bundle/messages.json [unknown-field]' text.out ||
  fail "text: no fold line for idempotency_key"
grep -q 'sender-not-member' text.out && fail "text: a sender-not-member from the channel whose members are broken"
grep -qE '^3,000  unknown-field +2 +3,000$' text.out || fail "text: the table's unknown-field line"
# Every diagnostic line keeps the shape editors parse.
if grep -E '^[^ ].*: (error|warning|note): ' text.out | grep -vqE '^[^:]+:[0-9]+:[0-9]+: (error|warning|note): .* \[[a-z-]+\]$'; then
  fail "text: a diagnostic line editors cannot parse"
fi

# JSON with room for every diagnostic.
"$ckimport" check bundle --format json --max-diagnostics 100000 >all.json || [[ $? == 1 ]]
[[ $(json "sum(1 for d in doc['diagnostics'] if d['rule'] == 'unknown-field')" all.json) == 3000 ]] ||
  fail "json: not all 3,000 misspelt keys"
first_ghost=$(awk '/"user": "ghost"/ { print NR; exit }' bundle/messages.json)
[[ $(json "[(d['line'], d['occurrences']) for d in doc['diagnostics'] if d['rule'] == 'unknown-user']" all.json) == \
   "[($first_ghost, 20000)]" ]] || fail "json: the ghost is not one diagnostic of 20,000 at its first line, $first_ghost"
[[ $(json "[d['occurrences'] for d in doc['diagnostics'] if d['rule'] == 'unknown-channel']" all.json) == "[5000]" ]] ||
  fail "json: channel 4242 is not one diagnostic of 5,000"
[[ $(json "len(next(d for d in doc['diagnostics'] if d['rule'] == 'unknown-user')['related'])" all.json) == 3 ]] ||
  fail "json: the ghost's next three references are not related"
[[ $(json "sum(1 for d in doc['diagnostics'] if d['rule'] == 'sender-not-member')" all.json) == 0 ]] ||
  fail "json: sender-not-member from the broken channel"
[[ $(json "[(r['rule'], r['count']) for r in doc['summary']['rules']][:2]" all.json) == \
   "[('unknown-field', 3000), ('wrong-type', 1)]" ]] || fail "json: summary.rules"
ok "json: 3,000 misspelt keys, one ghost (20,000), one channel (5,000), no sender-not-member"

# JSON cut by the default limit: every kind is still there, the cut counted.
"$ckimport" check bundle --format json >cut.json || [[ $? == 1 ]]
kinds=$(json "sorted({d['rule'] for d in doc['diagnostics']})" cut.json)
[[ $kinds == "['unknown-channel', 'unknown-field', 'unknown-user', 'wrong-type']" ]] || fail "json cut: kinds $kinds"
[[ $(json "len(doc['diagnostics']) + doc['summary']['cutByLimit'] == doc['summary']['errors']" cut.json) == True ]] ||
  fail "json cut: shown + cutByLimit is not every error"
[[ $(json "any('idempotency_key' in d['message'] for d in doc['diagnostics'])" cut.json) == True ]] ||
  fail "json cut: the idempotency_key kind is hidden by the cut"
ok "json cut: $(json "doc['summary']['cutByLimit']" cut.json) cut, every kind kept"

# --statistics.
NO_COLOR=1 "$ckimport" check bundle --statistics >stats.out || [[ $? == 1 ]]
[[ $(head -1 stats.out) == "count  rule             files  fixable" ]] || fail "--statistics: header $(head -1 stats.out)"
[[ $(wc -l <stats.out) == 5 ]] || fail "--statistics: not the table alone"
set +e
"$ckimport" check bundle --statistics --format json >/dev/null 2>stats.err
code=$?
set -e
[[ $code == 2 ]] && grep -q 'text only' stats.err || fail "--statistics --format json: exit $code"
ok "--statistics: the table only"

# GitHub, with a step summary.
: >summary.md
GITHUB_STEP_SUMMARY=$work/summary.md "$ckimport" check bundle --format github >github.out || [[ $? == 1 ]]
for type in error warning notice; do
  n=$(grep -c "^::$type " github.out || true)
  (( n <= 10 )) || fail "github: $n ::$type annotations"
done
grep -q '^::notice title=ckimport::' github.out || fail "github: no notice saying what was left out"
grep -qF '| unknown-field | 3,000 | 2 | 3,000 |' summary.md || fail "github: the step summary's table"
grep -qF 'sender \`ghost\` is not a user of the bundle or the platform \(20,000 messages\)' summary.md ||
  fail "github: the step summary's first occurrences"
ok "github: within 10 of each type; step summary $(wc -l <summary.md) lines"
set +e
GITHUB_STEP_SUMMARY=$work/no/such/dir/summary.md "$ckimport" check bundle --format github >/dev/null 2>github.err
code=$?
set -e
[[ $code == 2 ]] && grep -q 'cannot write the step summary' github.err ||
  fail "github: an unwritable step summary is exit $code: $(cat github.err)"
ok "github: an unwritable step summary is exit 2"

if (( failures > 0 )); then
  echo "done-when: $failures failed; text output:"
  cat text.out
  exit 1
fi
echo "done-when: all passed"
