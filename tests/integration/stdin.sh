#!/usr/bin/env bash
# What an editor integration relies on: `ckimport check --stdin-filename F -`
# (the editor's buffer on standard input, reported as F, with the rest of F's
# bundle read from disk).
#
#   stdin.sh CKIMPORT_BINARY REPO_ROOT
#
# 1. For fixture files, reading F from stdin prints byte for byte what
#    checking F prints, in every format (text, json, sarif, github), with the
#    same exit status: files in bundles with cross-file findings, syntax
#    errors, a BOM, files mapped by a ckimport.json, an absolute path.
# 2. A buffer that differs from the file on disk (an unsaved edit) is what is
#    checked: its problems at its own lines and columns, none of the disk
#    version's, with the other files of the bundle read from disk.
# 3. A buffer for a file not on disk yet (a new, unsaved file) is checked in
#    its bundle.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2
  exit 2
fi
ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
cd "$root"
export NO_COLOR=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 1. Same output from stdin as from the file.
same_output() {  # same_output FILE [EXTRA_ARGS...]
  local file=$1 format
  shift
  for format in json text sarif github; do
    local from_file=0 from_stdin=0
    "$ckimport" check --format "$format" "$@" "$file" >"$tmp/file.out" 2>"$tmp/file.err" </dev/null || from_file=$?
    "$ckimport" check --format "$format" "$@" --stdin-filename "$file" - <"$file" >"$tmp/stdin.out" 2>"$tmp/stdin.err" || from_stdin=$?
    if [[ $from_file -gt 1 ]]; then
      cat "$tmp/file.err"
      fail "$file ($format): ckimport exited $from_file"
    elif ! cmp -s "$tmp/file.out" "$tmp/stdin.out"; then
      diff -u --label "check $file" --label "check --stdin-filename $file -" "$tmp/file.out" "$tmp/stdin.out" || true
      fail "$file ($format): stdin output differs from the file's (diff above)"
    elif ! cmp -s "$tmp/file.err" "$tmp/stdin.err"; then
      diff -u --label "stderr: check $file" --label "stderr: stdin" "$tmp/file.err" "$tmp/stdin.err" || true
      fail "$file ($format): stderr differs"
    elif [[ $from_file -ne $from_stdin ]]; then
      fail "$file ($format): exit $from_stdin from stdin, $from_file from the file"
    else
      pass "$file ($format): same output and exit status ($from_file), $(grep -c . "$tmp/file.out") lines"
    fi
  done
}

same_output fixtures/broken-bundle/messages.json
same_output fixtures/broken-bundle/users.json
same_output fixtures/broken-bundle/channels.json
same_output fixtures/broken-bundle/members/1001.json
same_output fixtures/broken-bundle/members/1003.json
same_output fixtures/example/messages.json
same_output fixtures/rules/syntax/users.json
same_output fixtures/rules/syntax/users-truncated.json
same_output fixtures/rules/syntax/users-binary.json
same_output fixtures/rules/syntax/users-empty.json
same_output fixtures/rules/utf8-bom/users.json
same_output fixtures/rules/duplicate-username/users-archive.json
same_output fixtures/rules/duplicate-idempotency-key/messages-2.json
same_output fixtures/rules/unknown-user/messages.json
same_output fixtures/rules/element-too-large/users.json --max-item-size 1024
same_output fixtures/bundles/configured/people/staff.json
same_output fixtures/bundles/configured/rooms/general-members.json
same_output "$root/fixtures/broken-bundle/messages.json"
# Standard input over a sixteenth of --memory-limit (256 bytes: these files
# are 0.5 to 1 KB) is copied to a temporary file and read back from there
# (excerpts, duplicate keys): the same output.
same_output fixtures/broken-bundle/messages.json --memory-limit 4K
same_output fixtures/broken-bundle/users.json --memory-limit 4K
same_output fixtures/rules/syntax/users.json --memory-limit 4K
# Not import files: a snapshot and a ckimport.json, read as the bundle reads them.
same_output fixtures/broken-bundle/existing/channels.json
same_output fixtures/rules/snapshot-format/existing/channels.json
same_output fixtures/bundles/configured/ckimport.json
same_output fixtures/bundles/bad-config/ckimport.json

# 2. An unsaved edit of fixtures/broken-bundle/messages.json. On disk:
#   line 3 sender `carl` (unknown), line 4 channel 9999 (unknown), line 5 jane
#   not a member of 1002, line 6 key msg-1 used twice.
# The buffer: two new lines on top (everything moves down 2), carl fixed, a
# new unknown sender `zed` after a non-ASCII body (columns count code
# points), an unknown field.
buffer=$tmp/messages.buffer.json
cat >"$buffer" <<'EOF'
[
  {"type": "SYSTEM_TEXT", "channelId": 1001, "body": "Zoë joined", "idempotencyKey": "msg-0"},
  {"type": "TEXT", "channelId": 1001, "body": "Ça va?", "user": "zed", "idempotencyKey": "msg-00"},
  {"type": "TEXT", "channelId": 1001, "user": "jane", "body": "Morning!", "idempotencyKey": "msg-1"},
  {"type": "TEXT", "channelId": 1001, "user": "joe", "body": "Who am I?", "idempotencyKey": "msg-2"},
  {"type": "TEXT", "channelId": 9999, "user": "joe", "body": "Anyone here?", "idempotencyKey": "msg-3"},
  {"type": "TEXT", "channelId": 1002, "user": "jane", "body": "Not a member", "idempotencyKey": "msg-4"},
  {"type": "SYSTEM_TEXT", "channelId": 1001, "body": "Welcome", "idempotencyKey": "msg-1", "colour": "blue"}
]
EOF
name=fixtures/broken-bundle/messages.json
status=0
"$ckimport" check --stdin-filename "$name" - <"$buffer" >"$tmp/edit.out" 2>&1 || status=$?
sed 's/^/    /' "$tmp/edit.out"
headlines=$tmp/edit.headlines
grep -E '^[^ ].*:[0-9]+:[0-9]+: (error|warning|note): ' "$tmp/edit.out" >"$headlines" || true
expect_line() {  # expect_line CASE PREFIX: a diagnostic's first line starts with PREFIX
  if grep -qF -- "$2" "$headlines"; then pass "$1: has '$2'"; else fail "$1: no line starting '$2'"; fi
}
[[ $status -eq 1 ]] && pass "edit: exit 1" || fail "edit: exit $status, expected 1"
# `zed`: line 3, column 65 in code points (byte column 66: ç is two bytes).
expect_line edit "$name:3:65: error: sender \`zed\` is not a user"
# Moved down by 2: the disk's line 4 is the buffer's line 6, and so on.
expect_line edit "$name:6:33: error: channel 9999 is not a known channel"
# Needs channels.json from disk: jane is not a member of 1002.
expect_line edit "$name:7:47: warning: sender \`jane\` is not a member of channel \`random\` (1002)"
expect_line edit "$name:8:83: error: idempotency key \`msg-1\` is used twice"
expect_line edit "$name:8:92: error: \`colour\` is not a field"
if grep -q 'carl' "$tmp/edit.out"; then fail "edit: reports carl, who is only in the disk version"; else pass "edit: carl (disk version only) not reported"; fi
# related location of the duplicate key: the buffer's line 4
if grep -qF "first used at $name:4:" "$tmp/edit.out"; then pass "edit: related location at the buffer's line 4"; else fail "edit: related location is not the buffer's line 4"; fi
if grep -vF "$name:" "$headlines" | grep -q .; then
  fail "edit: diagnostics of other files are reported"
else
  pass "edit: only $name is reported"
fi
count=$(wc -l <"$headlines")
[[ $count -eq 5 ]] && pass "edit: 5 diagnostics" || fail "edit: $count diagnostics, expected 5"

# The same edit as JSON: columns are code points, offsets bytes.
"$ckimport" check --format json --stdin-filename "$name" - <"$buffer" >"$tmp/edit.json" 2>&1 || true
if command -v jq >/dev/null 2>&1; then
  got=$(jq -r '.diagnostics[] | select(.rule == "unknown-user") | "\(.file):\(.line):\(.column):\(.endColumn):\(.offset)"' "$tmp/edit.json")
  # offset: the bytes before `"zed"`: 2 on line 1, 96 on line 2 (newlines
  # included; ë is 2 bytes), 65 on line 3 (64 code points, ç is 2 bytes).
  want="$name:3:65:70:163"
  [[ $got == "$want" ]] && pass "edit (json): unknown-user at $got" || fail "edit (json): unknown-user at '$got', expected '$want'"
else
  echo "note: jq not installed, the JSON form of the edit is not checked"
fi

# An edit whose problem is a conflict with another file of the bundle, read
# from disk: the buffer for messages.json reuses key m-3 of messages-2.json
# (read first: files are read in path order).
name=fixtures/rules/duplicate-idempotency-key/messages.json
other=fixtures/rules/duplicate-idempotency-key/messages-2.json
printf '%s\n' '[' \
  '  {"type": "SYSTEM_TEXT", "channelId": 1, "body": "new", "idempotencyKey": "m-9"},' \
  '  {"type": "SYSTEM_TEXT", "channelId": 1, "body": "new", "idempotencyKey": "m-3"}' \
  ']' >"$tmp/dup.buffer.json"
status=0
"$ckimport" check --stdin-filename "$name" - <"$tmp/dup.buffer.json" >"$tmp/dup.out" 2>&1 || status=$?
sed 's/^/    /' "$tmp/dup.out"
if [[ $status -eq 1 ]] && grep -qF "$name:3:76: error: idempotency key \`m-3\` is used twice" "$tmp/dup.out" &&
   grep -qF "first used at $other:2:74" "$tmp/dup.out"; then
  pass "cross-file edit: the buffer's m-3 at 3:76, first used in $other (disk)"
else
  fail "cross-file edit: expected $name:3:76 duplicate m-3, related $other:2:74, exit 1 (exit $status)"
fi
# The disk version's own duplicate (m-2, line 3 of messages.json) is gone.
if grep -qF '`m-2`' "$tmp/dup.out"; then fail "cross-file edit: m-2 of the disk version reported"; else pass "cross-file edit: the disk version's m-2 not reported"; fi

# 3. A new file that is not on disk: checked in its bundle.
name=fixtures/broken-bundle/messages-new.json
[[ ! -e $name ]] || { fail "$name exists"; }
printf '%s\n' '[' \
  '  {"type": "TEXT", "channelId": 1001, "user": "jane", "body": "hi", "idempotencyKey": "new-1"},' \
  '  {"type": "TEXT", "channelId": 1001, "user": "carl", "body": "hi", "idempotencyKey": "new-2"}' \
  ']' >"$tmp/new.json"
status=0
"$ckimport" check --stdin-filename "$name" - <"$tmp/new.json" >"$tmp/new.out" 2>&1 || status=$?
sed 's/^/    /' "$tmp/new.out"
if grep -qF "$name:3:47: error: sender \`carl\` is not a user" "$tmp/new.out" && [[ $status -eq 1 ]]; then
  pass "new file: unknown sender at the buffer's line, users from disk"
else
  fail "new file: expected $name:3:47 unknown-user carl and exit 1 (exit $status)"
fi
if grep -qF "\`jane\`" "$tmp/new.out"; then fail "new file: jane (defined on disk) reported"; else pass "new file: jane (on disk) known"; fi

# 4. An unsaved edit of a snapshot and of a ckimport.json: the buffer is what
# the bundle reads. The snapshot without channel 1001: every message there
# names an unknown channel; the ckimport.json turning sender-not-member off.
name=fixtures/broken-bundle/existing/channels.json
grep -v '"general"' "$name" >"$tmp/snapshot.json" || true
if cmp -s "$name" "$tmp/snapshot.json"; then fail "snapshot edit: the test data changed (no general)"; fi
status=0
"$ckimport" check --stdin-filename "$name" - fixtures/broken-bundle/messages.json <"$tmp/snapshot.json" >"$tmp/snap.out" 2>&1 || status=$?
if grep -qF 'channel 1001 is not a known channel' "$tmp/snap.out"; then
  pass "snapshot edit: the buffer's snapshot is the one read"
else
  sed 's/^/    /' "$tmp/snap.out"
  fail "snapshot edit: expected channel 1001 unknown with the buffer's snapshot (exit $status)"
fi
name=fixtures/bundles/configured/ckimport.json
printf '%s\n' '{"files": {"users": ["people/*.json"]}, "nonsense": 1}' >"$tmp/config.json"
status=0
"$ckimport" check --stdin-filename "$name" - <"$tmp/config.json" >"$tmp/config.out" 2>&1 || status=$?
if grep -qF "$name:1:" "$tmp/config.out" && grep -qF 'nonsense' "$tmp/config.out" && [[ $status -eq 1 ]]; then
  pass "config edit: the buffer's ckimport.json is the one read"
else
  sed 's/^/    /' "$tmp/config.out"
  fail "config edit: expected an error about \`nonsense\` in $name, exit 1 (exit $status)"
fi

echo
if [[ $failures -ne 0 ]]; then
  echo "stdin: $failures check(s) failed"
  exit 1
fi
echo "stdin: all checks passed"
