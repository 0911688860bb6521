#!/usr/bin/env bash
# The real pre-commit running ckimport's hooks from this repository's
# .pre-commit-hooks.yaml, offline, in a throwaway git repository.
#
#   pre_commit.sh CKIMPORT_BINARY REPO_ROOT
#
# Needs `pre-commit` (Debian package pre-commit) and git; installs nothing.
# Without pre-commit it prints SKIPPED and exits 77 (ctest: skipped), unless
# CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1, when a missing tool is a failure.
#
# The hook repository is REPO_ROOT at its HEAD commit, as a user's
# .pre-commit-config.yaml names it (pre-commit clones it, offline). When
# HEAD's .pre-commit-hooks.yaml is not the working tree's (it is being edited,
# or is not committed yet), the working tree's file is tested instead, from a
# temporary repository, and a NOTE says so.
#
# Cases:
#   A  a staged users.json with an unknown field: the commit fails and the
#      output has users.json:LINE:COL:
#   B  the fixed file: the commit passes
#   C  only messages.json staged; its sender is defined in the committed,
#      unchanged users.json: passes (the bundle is read from disk); a sender
#      nobody defines: fails, naming messages.json
#   D  ckimport-bundle: a user removed from users.json breaks the unchanged
#      messages.json; `ckimport` (staged files only) cannot see it,
#      `ckimport-bundle` (args: the folder) fails naming messages.json
#   E  a staged ckimport.json and existing/ snapshot (both match the hook's
#      files pattern) in a valid bundle: passes
#   F  ckimport-fix: a staged snake_case users.json is fixed in place and the
#      commit fails, as for any fixer; staged again, it passes
#
# Everything (HOME, PRE_COMMIT_HOME, git config) stays in a mktemp -d folder,
# removed on exit. Safe with CI=true, no standard input and no git identity.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CKIMPORT_BINARY REPO_ROOT" >&2
  exit 2
fi

skip_or_fail() {
  if [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]]; then
    echo "FAIL: $1 (CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1)"
    exit 1
  fi
  echo "SKIPPED: $1"
  exit 77
}

command -v git >/dev/null 2>&1 || skip_or_fail "git not installed"
command -v pre-commit >/dev/null 2>&1 || skip_or_fail "pre-commit not installed (Debian package: pre-commit)"

ckimport=$(realpath -- "$1")
root=$(realpath -- "$2")
[[ -x $ckimport ]] || { echo "FAIL: not an executable: $1"; exit 1; }
[[ -f $root/.pre-commit-hooks.yaml ]] || { echo "FAIL: no .pre-commit-hooks.yaml in $root"; exit 1; }

# Nothing from an enclosing git operation (e.g. ctest run from a git hook).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR \
  GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT || true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Which hook repository and rev: REPO_ROOT at HEAD when HEAD has the working
# tree's .pre-commit-hooks.yaml (always so in a fresh clone). Asked before
# HOME moves, so the caller's git config (safe.directory) still applies.
hook_repo="" hook_rev=""
if head=$(git -C "$root" rev-parse --verify -q HEAD 2>/dev/null) &&
   git -C "$root" cat-file -e "HEAD:.pre-commit-hooks.yaml" 2>/dev/null &&
   git -C "$root" show "HEAD:.pre-commit-hooks.yaml" | cmp -s - "$root/.pre-commit-hooks.yaml"; then
  hook_repo=$root
  hook_rev=$head
fi

# From here on nothing outside $tmp is read or written: no user or system
# git config, pre-commit's cache in $tmp.
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache
export PRE_COMMIT_HOME=$tmp/pre-commit-home GIT_CONFIG_NOSYSTEM=1
export GIT_TERMINAL_PROMPT=0 NO_COLOR=1 PRE_COMMIT_COLOR=never
unset PRE_COMMIT_ALLOW_NO_CONFIG SKIP || true
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$PRE_COMMIT_HOME"

git_identity() {
  git -C "$1" config user.name "ckimport integration test"
  git -C "$1" config user.email "ckimport-test@example.invalid"
  git -C "$1" config commit.gpgsign false
}

if [[ -z $hook_repo ]]; then
  echo "NOTE: $root/.pre-commit-hooks.yaml differs from the one in HEAD (being edited, or not"
  echo "      committed yet): testing the working tree's file from a temporary hook repository."
  echo "      Users get HEAD's version: commit the file."
  hook_repo=$tmp/hook-repo
  git init -q "$hook_repo"
  git_identity "$hook_repo"
  cp -- "$root/.pre-commit-hooks.yaml" "$hook_repo/"
  git -C "$hook_repo" add .pre-commit-hooks.yaml
  git -C "$hook_repo" commit -q -m "hooks under test"
  hook_rev=$(git -C "$hook_repo" rev-parse HEAD)
fi
echo "hook repository: $hook_repo @ $hook_rev"

# ckimport on PATH first, as `language: system` finds it.
mkdir -p "$tmp/bin"
ln -s "$ckimport" "$tmp/bin/ckimport"
export PATH=$tmp/bin:$PATH
[[ $(command -v ckimport) == "$tmp/bin/ckimport" ]] || { echo "FAIL: ckimport on PATH is $(command -v ckimport)"; exit 1; }

work=$tmp/work
git init -q "$work"
git_identity "$work"
cd "$work"

write_config() {  # write_config HOOKS_YAML
  {
    echo "repos:"
    echo "  - repo: $hook_repo"
    echo "    rev: $hook_rev"
    echo "    hooks:"
    printf '%s\n' "$@"
  } >.pre-commit-config.yaml
  git add .pre-commit-config.yaml
}

# `verbose: true` shows ckimport's output when it passes too, so a case can
# check how many files the hook was given.
# The first commit, before the hook is installed: the config and the
# bundle's channel snapshot (case E stages snapshots on purpose).
write_config "      - id: ckimport" "        verbose: true"
mkdir -p imports/existing
echo '{"general": 1001}' >imports/existing/channels.json
git add imports/existing/channels.json
git commit -q -m "pre-commit config, channel snapshot" </dev/null
pre-commit install >/dev/null

failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# commit_expect pass|fail CASE -m MESSAGE...: runs `git commit`, shows its
# output, and leaves it in $out.
out=$tmp/commit.out
commit_expect() {
  local want=$1 name=$2 status=0
  shift 2
  git commit "$@" </dev/null >"$out" 2>&1 || status=$?
  echo "---- case $name: git commit (exit $status)"
  sed 's/^/    /' "$out"
  if [[ $want == pass && $status -ne 0 ]]; then
    fail "case $name: the commit failed; it should pass"
    return 1
  fi
  if [[ $want == fail && $status -eq 0 ]]; then
    fail "case $name: the commit passed; it should fail"
    return 1
  fi
  return 0
}
expect_output() {  # expect_output CASE FIXED_STRING
  if grep -qF -- "$2" "$out"; then pass "case $1: output has '$2'"; else fail "case $1: output lacks '$2'"; fi
}
reject_output() {  # reject_output CASE FIXED_STRING
  if grep -qF -- "$2" "$out"; then fail "case $1: output has '$2'"; else pass "case $1: output has no '$2'"; fi
}

cat >imports/channels.json <<'EOF'
[
  {"type": "PUBLIC", "name": "general", "displayName": "General", "creator": "jane", "members": ["jane", "joe"], "properties": {}, "idempotencyKey": "c-1"}
]
EOF
cat >imports/messages.json <<'EOF'
[
  {"type": "TEXT", "channelId": 1001, "user": "jane", "body": "Hello", "idempotencyKey": "m-1"}
]
EOF
good_users='[
  {"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}, "idempotencyKey": "u-1"},
  {"name": "joe", "displayName": "Joe", "isGuest": false, "properties": {}, "idempotencyKey": "u-2"}
]'
# Line 3, column 102: the key "colour".
cat >imports/users.json <<'EOF'
[
  {"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}, "idempotencyKey": "u-1"},
  {"name": "joe", "displayName": "Joe", "isGuest": false, "properties": {}, "idempotencyKey": "u-2", "colour": "red"}
]
EOF

# A: a bad users.json fails the commit at its line and column.
git add imports
if commit_expect fail A -m "bundle with a bad users.json"; then
  expect_output A "imports/users.json:3:102: error:"
  expect_output A "[unknown-field]"
  expect_output A "- hook id: ckimport"
fi

# B: fixed, the same commit passes.
printf '%s\n' "$good_users" >imports/users.json
git add imports
if commit_expect pass B -m "bundle, fixed"; then
  expect_output B "no problems in 3 files"
fi

# C: only messages.json is staged; its senders are in the committed users.json.
cat >imports/messages.json <<'EOF'
[
  {"type": "TEXT", "channelId": 1001, "user": "jane", "body": "Hello", "idempotencyKey": "m-1"},
  {"type": "TEXT", "channelId": 1001, "user": "joe", "body": "Hi Jane", "idempotencyKey": "m-2"}
]
EOF
git add imports/messages.json
if commit_expect pass C1 -m "a message from a committed user"; then
  # The hook was given messages.json alone, and read users.json from disk.
  expect_output C1 "no problems in 1 file"
fi
# A sender defined nowhere: fails, naming messages.json (line 4, column 47).
cat >imports/messages.json <<'EOF'
[
  {"type": "TEXT", "channelId": 1001, "user": "jane", "body": "Hello", "idempotencyKey": "m-1"},
  {"type": "TEXT", "channelId": 1001, "user": "joe", "body": "Hi Jane", "idempotencyKey": "m-2"},
  {"type": "TEXT", "channelId": 1001, "user": "carl", "body": "Who am I?", "idempotencyKey": "m-3"}
]
EOF
git add imports/messages.json
if commit_expect fail C2 -m "a message from nobody"; then
  expect_output C2 "imports/messages.json:4:47: error: sender \`carl\` is not a user"
  expect_output C2 "[unknown-user]"
  reject_output C2 "imports/users.json:"
fi
git reset -q -- imports/messages.json
git checkout -q -- imports/messages.json

# D: removing joe from users.json breaks the committed messages.json (joe
# sends m-2) and channels.json (joe is a member). `ckimport` checks the staged
# users.json only and passes; `ckimport-bundle` checks the folder and fails.
write_config "      - id: ckimport" "        verbose: true" \
  "      - id: ckimport-bundle" "        args: [imports]"
git commit -q -m "add ckimport-bundle" </dev/null >/dev/null 2>&1
cat >imports/users.json <<'EOF'
[
  {"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}, "idempotencyKey": "u-1"}
]
EOF
git add imports/users.json
if commit_expect fail D -m "remove joe"; then
  expect_output D "- hook id: ckimport-bundle"
  expect_output D "imports/messages.json:3:47: error: sender \`joe\` is not a user"
  # The per-file hook passed: it saw users.json alone.
  if grep -qE '^ckimport\.+Passed$' "$out"; then pass "case D: hook ckimport passed"; else fail "case D: hook ckimport did not pass"; fi
fi
git reset -q -- imports/users.json
git checkout -q -- imports/users.json

# E: a valid existing/ snapshot, then a valid ckimport.json, each staged
# alone (both match the hook's files pattern): the commits pass, because a
# named snapshot or config is read as the bundle reads it, not as an import
# file. Then a broken snapshot fails, naming it.
echo '["ann"]' >imports/existing/users.json
git add imports/existing/users.json
commit_expect pass E1 -m "a users snapshot" || true
echo '{"rules": {"sender-not-member": "warning"}}' >imports/ckimport.json
git add imports/ckimport.json
commit_expect pass E2 -m "a bundle config" || true
echo '{"users": ["ann"]}' >imports/existing/users.json
git add imports/existing/users.json
if commit_expect fail E3 -m "a broken users snapshot"; then
  expect_output E3 "imports/existing/users.json:1:1: error: not a user snapshot"
fi
git reset -q

# F: ckimport-fix. A staged users.json in the vendor page's snake_case: the
# hook fixes it in place, so pre-commit fails the commit ("files were
# modified by this hook") and the working tree holds the fixed file; staged
# again, the commit passes.
write_config "      - id: ckimport-fix"
git commit -q -m "use ckimport-fix" </dev/null >/dev/null 2>&1
cat >imports/users.json <<'EOF'
[
  {"name": "jane", "display_name": "Jane Doe", "is_guest": false, "properties": {}, "idempotency_key": "u-1"},
  {"name": "joe", "displayName": "Joe", "guest": false, "properties": {}, "idempotencyKey": "u-2"}
]
EOF
fixed_users='[
  {"name": "jane", "displayName": "Jane Doe", "isGuest": false, "properties": {}, "idempotencyKey": "u-1"},
  {"name": "joe", "displayName": "Joe", "isGuest": false, "properties": {}, "idempotencyKey": "u-2"}
]'
git add imports/users.json
if commit_expect fail F1 -m "snake_case users"; then
  expect_output F1 "- hook id: ckimport-fix"
  expect_output F1 "- files were modified by this hook"
  if [[ $(cat imports/users.json) == "$fixed_users" ]]; then
    pass "case F1: the hook fixed users.json"
  else
    fail "case F1: users.json is not the fixed file:"
    cat imports/users.json
  fi
fi
git add imports/users.json
commit_expect pass F2 -m "snake_case users, fixed" || true

echo
if [[ $failures -ne 0 ]]; then
  echo "pre-commit integration: $failures check(s) failed"
  exit 1
fi
echo "pre-commit integration: all cases passed"
