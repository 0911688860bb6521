#!/usr/bin/env bash
# Hostile inputs for the real binary (issue 6: nothing crashes, nothing
# hangs, nothing is lost).
#
#   hostile_inputs.sh CKIMPORT CASE      run one case (what ctest does)
#   hostile_inputs.sh CKIMPORT all       run every case
#   hostile_inputs.sh CKIMPORT --list    print the case names
#
# Every run of ckimport in a case is checked for:
#  - the exact exit status (0 no errors, 1 errors found, 2 the run failed);
#  - no hang (`timeout`), no crash (status >= 128), no sanitizer report
#    ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer");
#  - exit 2: standard error is exactly one line;
#  - a key fragment of the message;
#  - ckimport never modifies what it checks: every input is checksummed
#    before and after.
#
# Exit status: 0 pass, 1 fail, 77 skipped (ctest's SKIP_RETURN_CODE).
# Generated inputs go to $CKIMPORT_HOSTILE_WORKDIR (ctest: the build tree),
# else to a temporary folder; the big ones are cached there between runs.
set -uo pipefail

cases=(directory-as-file fifo-no-writer dev-null-users unreadable-file unreadable-folder symlink-loop bundle-unreadable-entries
  path-with-spaces path-non-utf8 ansi-escapes random-garbage-10mb deep-nesting-1m
  minified-100mb huge-numbers string-50mb invalid-utf8-keys nul-in-string utf16-le-bom
  duplicates-across-files output-write-errors many-files-low-ulimit out-of-memory
  spill-tiny-budget spill-no-room spill-signals stdin-streams)

if (($# != 2)); then
  echo "usage: $0 CKIMPORT CASE|all|--list" >&2
  exit 2
fi
if [[ $2 == --list ]]; then
  printf '%s\n' "${cases[@]}"
  exit 0
fi
ckimport=$(realpath "$1")
[[ -x $ckimport ]] || { echo "not an executable: $1" >&2; exit 2; }

workroot=${CKIMPORT_HOSTILE_WORKDIR:-${TMPDIR:-/tmp}/ckimport-hostile-$(id -u)}
mkdir -p "$workroot/cache"
workroot=$(realpath "$workroot")

# A sanitizer build needs the quarantine kept small for RSS to mean anything,
# and must stop at its first report.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16:abort_on_error=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export NO_COLOR=1

failures=0
fail() {
  echo "FAIL [$current]: $*" >&2
  failures=$((failures + 1))
}
note() { echo "  [$current] $*"; }

# run STATUS|any [TIMEOUT] -- ARGS...: runs ckimport with ARGS in the case's
# folder; stdout to $out, stderr to $err; checks the generic rules and the
# status. Sets $status, $seconds and $rss_kb (max RSS when /usr/bin/time exists).
out= err= status= seconds= rss_kb=
run() {
  local expected=$1 limit=10
  shift
  if [[ $1 != -- ]]; then
    limit=$1
    shift
  fi
  shift  # --
  out=$work/stdout.$((++runs)) err=$work/stderr.$runs
  local timefile=$work/time.$runs start before
  before=$(checksums)
  start=$SECONDS
  if [[ -x /usr/bin/time ]]; then
    (cd "$work/in" && timeout -k 5 "$limit" /usr/bin/time -q -f %M -o "$timefile" \
      "$ckimport" "$@" >"$out" 2>"$err")
  else
    (cd "$work/in" && timeout -k 5 "$limit" "$ckimport" "$@" >"$out" 2>"$err")
  fi
  status=$?
  seconds=$((SECONDS - start))
  [[ $(checksums) == "$before" ]] || fail "ckimport $* modified its inputs"
  rss_kb=$( [[ -s $timefile ]] && tail -1 "$timefile" || echo "")
  [[ $rss_kb =~ ^[0-9]+$ ]] || rss_kb=
  local shown
  shown=$(printf '%q ' "$@")
  ((${#shown} > 300)) && shown="${shown:0:300}... ($# arguments) "
  note "ckimport $shown-> exit $status in ${seconds}s${rss_kb:+, max RSS $((rss_kb / 1024)) MB}"
  head -c 600 "$out" | head -4 | sed 's/^/      out| /' | LC_ALL=C tr -d '\033'
  head -c 600 "$err" | head -3 | sed 's/^/      err| /' | LC_ALL=C tr -d '\033'
  if ((status == 124 || status == 137)); then
    fail "hang: no exit within ${limit}s"
    return 1
  fi
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)' "$err"; then
    fail "sanitizer report"
    grep -m5 -E 'ERROR:|runtime error:|#[0-9] ' "$err" >&2
    return 1
  fi
  if ((status >= 128)); then
    fail "crash: killed by signal $((status - 128))"
    return 1
  fi
  if [[ $expected != any ]] && ((status != expected)); then
    fail "exit status $status, expected $expected"
    return 1
  fi
  if ((status == 2)); then
    local lines
    lines=$(wc -l <"$err")
    if ((lines != 1)); then fail "exit 2 with $lines lines on stderr, expected one"; fi
  fi
  return 0
}

# Fragments of the output. expect_out/expect_err take a fixed string.
expect_out() { grep -qF -- "$1" "$out" || fail "stdout lacks \`$1\`"; }
expect_err() { grep -qF -- "$1" "$err" || fail "stderr lacks \`$1\`"; }
expect_out_re() { grep -qE -- "$1" "$out" || fail "stdout does not match /$1/"; }

# The output is valid UTF-8 JSON; optional Python expression over `d` must hold.
expect_json() {
  python3 - "$out" "${1:-True}" <<'EOF' || fail "--format json output is not valid JSON${1:+ or $1 is false}"
import json, sys
d = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8'))
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
}

# Text output is safe on a terminal: no ESC, no other control byte but LF/TAB.
expect_terminal_safe() {
  if LC_ALL=C grep -qP '\x1b' "$out"; then fail "raw ESC (0x1b) in text output"; fi
  if LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]' "$out"; then fail "raw control byte in text output"; fi
}

# Checksums of every input of the case (and of the files its symlinks point
# to), with sizes, modes and times: ckimport must change none of them.
checksums() {
  (
    cd "$work/in" || exit 1
    find . -printf '%y %p %s %m %T@ %l\n' 2>/dev/null | sort
    find . -type f -readable -print0 | sort -z | xargs -0r sha256sum
    find . -type l -print0 | xargs -0r readlink -e 2>/dev/null | sort -u |
      while IFS= read -r target; do [[ -f $target ]] && sha256sum "$target"; done
  )
}

big() {  # a cached generated file: big NAME GENERATOR-PYTHON
  local path=$workroot/cache/$1
  if [[ ! -s $path ]]; then
    python3 -c "$2" "$path.tmp" && mv "$path.tmp" "$path"
  fi
  echo "$path"
}

# --- the cases ---------------------------------------------------------------

valid_users='[{"name": "jane", "displayName": "Jane", "isGuest": false, "properties": {}}]'

case_directory-as-file() {
  echo '{"type": "object"}' >schema.json
  mkdir users.json
  run 2 -- validate --schema schema.json users.json && expect_err "is a directory"
  # check: a folder named like an import file is a bundle folder, and empty
  run 2 -- check users.json && expect_err "no import files"
}

case_fifo-no-writer() {
  mkdir bundle
  mkfifo bundle/users.json
  # A FIFO is not a file: refused at once, with no writer, and how to check
  # a stream instead.
  run 2 -- check bundle/users.json && expect_err "bundle/users.json: not a regular file (a FIFO)"
  expect_err "; to check a stream, pipe it to standard input: ckimport check --stdin-filename NAME - < bundle/users.json"
  echo '{"type": "array"}' >schema.json
  run 2 -- validate --schema schema.json bundle/users.json &&
    expect_err "ckimport validate --schema schema.json - < bundle/users.json"
  # Standard input may be a pipe; it stands for the FIFO's path.
  run 0 -- check --stdin-filename bundle/users.json - < <(printf '%s\n' "$valid_users") &&
    expect_out "no problems in 1 file"
  # A writer waiting on a FIFO keeps waiting: ckimport did not open it (it
  # used to read the writer's data as the file).
  mkfifo waiting.json
  (exec 3>waiting.json && echo '[]' >&3) &
  local writer=$!
  run 2 -- check --type users waiting.json && expect_err "waiting.json: not a regular file (a FIFO)"
  sleep 0.2
  if kill -0 "$writer" 2>/dev/null; then
    timeout 5 cat waiting.json >/dev/null  # release it
  else
    fail "the waiting writer was released: ckimport opened the FIFO"
  fi
  wait "$writer"
}

case_dev-null-users() {
  # Devices are not files: /dev/zero never ends, /dev/null is not an empty
  # users file. Nothing on stdout, whatever the format.
  run 2 -- check --type users /dev/null && expect_err "/dev/null: not a regular file (a character device)"
  run 2 -- check --type users /dev/zero --format json && expect_err "/dev/zero: not a regular file (a character device)"
  [[ -s $out ]] && fail "exit 2 with output on stdout"
  # Standard input may be /dev/null: an empty file.
  run 1 -- check --type users - </dev/null && expect_out "file is empty"
}

case_unreadable-file() {
  printf '[]\n' >users.json
  if (($(id -u) != 0)); then
    chmod 000 users.json
    run 2 -- check users.json && expect_err "permission denied"
    chmod 644 users.json
    return
  fi
  # Root reads a mode-000 file. Try as nobody, when the binary lets us.
  if command -v setpriv >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ckimport" 2>/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$work/in" 2>/dev/null; then
    chmod 000 users.json
    note "running as nobody (uid 65534): root reads any file"
    local real=$ckimport
    ckimport=$work/as-nobody
    printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups %q "$@"\n' "$real" >"$ckimport"
    chmod 755 "$ckimport"
    run 2 -- check users.json && expect_err "permission denied"
    ckimport=$real
    chmod 644 users.json
    return
  fi
  # A file in a folder without x permission: root passes that too.
  mkdir locked && printf '[]\n' >locked/users.json && chmod 000 locked
  if cat locked/users.json >/dev/null 2>&1; then
    chmod 755 locked
    echo "SKIP: running as root, which reads unreadable files, and cannot drop to nobody"
    exit 77
  fi
  run 2 -- check locked/users.json && expect_err "permission denied"
  chmod 755 locked
}

# A folder of the bundle that cannot be listed or entered stops the run with
# exit 2 and its name, like an unreadable file: its files would otherwise be
# skipped in silence (members/), or a whole reference check turned off
# (existing/, with "no snapshot").
case_unreadable-folder() {
  mkdir -p bundle/members bundle/existing
  printf '%s\n' "$valid_users" >bundle/users.json
  printf '[]\n' >bundle/members/1001.json
  printf '{"general": 1001}\n' >bundle/existing/channels.json
  mkdir -p imports/a imports/locked
  printf '%s\n' "$valid_users" >imports/a/users.json
  local real=$ckimport
  if (($(id -u) == 0)); then
    if ! command -v setpriv >/dev/null ||
      ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ckimport" 2>/dev/null; then
      echo "SKIP: running as root, which reads unreadable folders, and cannot drop to nobody"
      exit 77
    fi
    note "running as nobody (uid 65534): root reads any folder"
    chmod -R a+rX "$work/in"
    ckimport=$work/as-nobody
    printf '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups %q "$@"\n' "$real" >"$ckimport"
    chmod 755 "$ckimport"
  fi
  chmod 000 bundle/members
  run 2 -- check bundle && expect_err "bundle/members: cannot read folder: permission denied"
  [[ -s $out ]] && fail "exit 2 with output on stdout"
  chmod 755 bundle/members
  chmod 000 bundle/existing
  run 2 -- check bundle/users.json && expect_err "bundle/existing: cannot read folder: permission denied"
  chmod 311 bundle/existing  # entered but not listed
  run 2 -- check bundle && expect_err "bundle/existing: cannot read folder: permission denied"
  chmod 755 bundle/existing
  # A folder of bundles: a folder below it that cannot be listed may hold a
  # bundle, which would go unchecked.
  chmod 000 imports/locked
  run 2 -- check imports && expect_err "imports/locked: cannot read folder: permission denied"
  [[ -s $out ]] && fail "exit 2 with output on stdout"
  chmod 755 imports/locked
  ckimport=$real
}

case_symlink-loop() {
  mkdir bundle
  printf '%s\n' "$valid_users" >bundle/users.json
  ln -s . bundle/loop
  ln -s ../bundle bundle/up
  mkdir bundle/members && ln -s .. bundle/members/again
  run 0 -- check bundle && expect_out "no problems"
  run 0 -- check bundle/loop/loop/up/users.json
  run 0 -- check bundle --format json && expect_json "d['summary']['filesChecked'] == 1"
  # A link to itself where an import file is expected.
  mkdir self && ln -s users-self.json self/users-self.json
  run 2 -- check self/users-self.json && expect_err "self/users-self.json: too many levels of symbolic links"
}

case_bundle-unreadable-entries() {
  # Entries of a bundle folder named like import files that cannot be read
  # stop the run, as an unreadable file does: never skipped in silence.
  bundle() {
    rm -rf bundle && mkdir -p bundle/existing
    printf '%s\n' "$valid_users" >bundle/users.json
    echo '{"general": 1001}' >bundle/existing/channels.json
  }
  bundle
  ln -s users-y.json bundle/users-x.json && ln -s users-x.json bundle/users-y.json
  run 2 -- check bundle && expect_err "bundle/users-x.json: cannot open: too many levels of symbolic links"
  run 2 -- check bundle/users-x.json && expect_err "bundle/users-x.json: too many levels of symbolic links"
  bundle
  ln -s gone.json bundle/users-dangling.json
  run 2 -- check bundle --format json && expect_err "bundle/users-dangling.json: cannot open: a dangling symbolic link"
  [[ -s $out ]] && fail "exit 2 with output on stdout"
  bundle
  ln -s gone.json bundle/existing/users.json
  run 2 -- check bundle && expect_err "bundle/existing/users.json: cannot open: a dangling symbolic link"
  bundle
  mkfifo bundle/users-fifo.json
  run 2 -- check bundle && expect_err "bundle/users-fifo.json: not a regular file (a FIFO)"
  # Named on the command line, the rest of the bundle is context: read too.
  run 2 -- check bundle/users.json && expect_err "bundle/users-fifo.json: not a regular file (a FIFO)"
  # A folder named like an import file is not one: a note says so.
  bundle
  mkdir bundle/users-dir.json
  run 0 -- check bundle && expect_out "note: not checked, named like an import file but a folder: bundle/users-dir.json [unmatched-file]"
  # Entries named like no import file are not import files: not listed.
  bundle
  ln -s gone bundle/notes.txt && mkfifo bundle/fifo.txt
  run 0 -- check bundle && expect_out "no problems in 1 file"
}

case_path-with-spaces() {
  mkdir "my bundle"
  printf '[{"name": "jane", "displayName": "Jane", "colour": 1}]\n' >"my bundle/users with spaces.json"
  run 1 -- check "my bundle/users with spaces.json" && expect_out "my bundle/users with spaces.json:1:"
  run 1 -- check "my bundle" --format json &&
    expect_json "d['diagnostics'][0]['file'] == 'my bundle/users with spaces.json'"
}

case_path-non-utf8() {
  printf '[{"name": "jane", "displayName": "Jane", "colour": 1}]\n' >$'users-\xff\x1b[31m.json'
  run 1 -- check $'users-\xff\x1b[31m.json' && expect_out 'users-\xff\x1b[31m.json:1:'
  expect_terminal_safe
  if LC_ALL=C grep -qP '\xff' "$out"; then fail "raw 0xff byte in text output"; fi
  run 1 -- check $'users-\xff\x1b[31m.json' --format json &&
    expect_json "d['diagnostics'][0]['file'] == 'users-\ufffd\x1b[31m.json'"
  run 1 -- check . --format sarif && expect_json
  # GitHub: no file= naming a file that does not exist (the sanitised
  # spelling); the place leads the message instead, and no raw ESC.
  run 1 -- check $'users-\xff\x1b[31m.json' --format github
  if LC_ALL=C grep -qP '\x1b' "$out"; then fail "raw ESC in github output"; fi
  if grep -q 'file=' "$out"; then fail "github output names a file that does not exist: $(head -1 "$out")"; fi
  expect_out '::error title=unknown-field::users-\xff\x1b[31m.json:1:'
}

case_ansi-escapes() {
  # Escaped controls (valid JSON: they reach messages decoded), raw controls
  # (not JSON: they reach the excerpt of a syntax error), C1 controls and
  # bidi overrides, in keys and values.
  python3 - <<'EOF'
items = [
  b'{"name": "a", "displayName": "A", "\\u001b[2J\\u001b]0;pwned\\u0007": 1}',
  b'{"name": "b\\u001b[31m", "displayName": "\\u009b31m\\u202eevil", "isGuest": "\\u001b[5m"}',
  b'{"name": "c", "displayName": "C", "\x1b[31mraw\x07": "\x1b]8;;http://x\x1b\\\\"}',
  b'{"name": "d", "displayName": "\r\x08\x7f\xc2\x9b", "\xe2\x80\xaekey": true}',
]
open('users.json', 'wb').write(b'[\n' + b',\n'.join(items) + b'\n]\n')
EOF
  run 1 -- check users.json --color=never && expect_terminal_safe
  expect_out '\x1b'
  run 1 -- check users.json --format json && expect_json "len(d['diagnostics']) >= 4"
  run 1 -- check users.json --format github
  if LC_ALL=C grep -qP '\x1b' "$out"; then fail "raw ESC in github output"; fi
  run 1 -- check users.json --format sarif && expect_json
}

case_random-garbage-10mb() {
  local garbage
  garbage=$(big garbage-10mb.bin 'import random, sys
random.seed(1)
open(sys.argv[1], "wb").write(random.randbytes(10_000_000))')
  cp "$garbage" users.json
  run 1 60 -- check users.json --format json &&
    expect_json "1 <= len(d['diagnostics']) <= 5"
  ((seconds <= 20)) || fail "took ${seconds}s on 10 MB of garbage"
  run 1 60 -- check users.json && expect_terminal_safe
}

case_deep-nesting-1m() {
  python3 -c 'open("users.json", "wb").write(b"[" * 1_000_000)'
  run 1 60 -- check users.json && expect_out_re 'nesting-too-deep|syntax'
  python3 -c 'open("users-closed.json", "wb").write(b"[" * 1_000_000 + b"]" * 1_000_000)'
  run 1 60 -- check users-closed.json && expect_out "nesting-too-deep"
  python3 -c 'open("users-objects.json", "wb").write(b"[" + b"{\"a\":[" * 300_000)'
  run 1 60 -- check users-objects.json && expect_out_re 'nesting-too-deep|syntax'
  run 1 60 -- validate --schema /dev/stdin users-closed.json <<<'{}'
  expect_out "nesting-too-deep"
}

# One line, ~100 MB: 200,000 users of ~500 bytes (minified-100mb, spill-signals).
minified_users='import sys
with open(sys.argv[1], "w") as f:
    f.write("[")
    pad = "x" * 380
    for i in range(200_000):
        if i: f.write(",")
        f.write(f"{{\"name\":\"user-{i:07d}\",\"displayName\":\"User {i}\",\"isGuest\":false,"
                f"\"properties\":{{\"bio\":\"{pad}\"}},\"idempotencyKey\":\"k{i}\"}}")
    f.write("]")'

case_minified-100mb() {
  # One line, ~100 MB: 200,000 users of ~500 bytes. Memory must not follow the file size.
  local big_file
  big_file=$(big users-minified-100mb.json "$minified_users")
  mkdir bundle
  ln -s "$big_file" bundle/users.json
  run 0 600 -- check bundle/users.json
  expect_out "no problems"
  if [[ -n $rss_kb ]]; then
    ((rss_kb < 200 * 1024)) || fail "max RSS $((rss_kb / 1024)) MB on a 100 MB file (limit 200 MB)"
  else
    note "no /usr/bin/time (package \`time\`): RSS not measured"
  fi
}

case_huge-numbers() {
  cat >users.json <<'EOF'
[
  {"name": "a", "displayName": "A", "properties": {"n": 1e400}},
  {"name": "b", "displayName": "B", "properties": {"n": 18446744073709551616}},
  {"name": "c", "displayName": "C", "properties": {"n": -9223372036854775809}},
  {"name": "d", "displayName": "D", "properties": {"n": -1e400}},
  {"name": "e", "displayName": "E", "properties": {"max": 18446744073709551615, "min": -9223372036854775808, "tiny": 1e-400}},
  {"name": "f", "displayName": "F", "properties": {"n": 1234567890123456789012345678901234567890e-30}}
]
EOF
  run 1 -- check users.json --format json &&
    expect_json "sorted(x['line'] for x in d['diagnostics'] if x['rule'] == 'number-out-of-range') == [2, 3, 4, 5]"
  run 1 -- check users.json && expect_out "number-out-of-range"
}

case_string-50mb() {
  local big_file
  big_file=$(big users-string-50mb.json 'import sys
with open(sys.argv[1], "w") as f:
    f.write("[{\"name\":\"jane\",\"displayName\":\"" + "é" * 25_000_000 + "\"},\n")
    f.write(" {\"name\":\"joe\",\"displayName\":\"Joe\",\"properties\":{\"bio\":\"" + "z" * 50_000_000 + "\"}},\n")
    f.write(" {\"name\":\"zed\",\"displayName\":\"Zed\",\"unknownAfterHugeStrings\":1}]\n")')
  ln -s "$big_file" users.json
  run 1 300 -- check users.json
  expect_out "unknownAfterHugeStrings"
  local size
  size=$(stat -c %s "$out")
  ((size < 20000)) || fail "text output is $size bytes: excerpts of a 50 MB line must be cut"
  run 1 300 -- check users.json --format json && expect_json
}

case_invalid-utf8-keys() {
  printf '[{"name": "a", "displayName": "A", "\xff\xfe": 1},\n {"name": "b\xc0\x80", "displayName": "B"},\n {"name": "c", "displayName": "C", "\xed\xa0\x80": 2},\n {"name": "d", "displayName": "D", "z": 3}]\n' >users.json
  run 1 -- check users.json && expect_out "UTF-8"
  expect_terminal_safe
  if LC_ALL=C grep -qP '\xff' "$out"; then fail "raw 0xff byte in text output"; fi
  # The 4th item is still checked after three broken ones.
  expect_out "users.json:4:"
  run 1 -- check users.json --format json &&
    expect_json "sorted({x['line'] for x in d['diagnostics']}) == [1, 2, 3, 4]"
}

case_nul-in-string() {
  printf '[{"name": "a\0b", "displayName": "A"},\n {"name": "c", "displayName": "C\\u0000D", "x\\u0000": 1}]\n' >users.json
  run 1 -- check users.json && expect_terminal_safe
  expect_out 'users.json:1:'
  expect_out 'users.json:2:'
  run 1 -- check users.json --format json && expect_json
}

case_utf16-le-bom() {
  printf '[{"name": "jane", "displayName": "Jane"}]\n' | iconv -f UTF-8 -t UTF-16LE |
    { printf '\xff\xfe'; cat; } >users.json
  run 1 -- check users.json && expect_out "UTF-16"
  expect_terminal_safe
  local errors
  errors=$(grep -c ': error: ' "$out")
  ((errors <= 2)) || fail "$errors errors for one UTF-16 file: one clear message expected"
  run 1 -- check users.json --format json && expect_json
}

case_output-write-errors() {
  # A report that could not be written is a failed run (exit 2, one line
  # saying why), for every verb: never an empty SARIF file and a green job.
  mkdir bundle
  printf '%s\n' "$valid_users" >bundle/users.json
  echo '{"type": "array"}' >schema.json
  local argv full_err=$work/stderr.full
  for argv in "check --format json bundle" "check --format sarif bundle" "check bundle" \
    "validate --schema schema.json bundle/users.json" "rules" "schema user" "explain syntax" "--help"; do
    # shellcheck disable=SC2086  # argv is words
    "$ckimport" $argv >/dev/full 2>"$full_err"
    status=$?
    note "ckimport $argv >/dev/full -> exit $status: $(head -1 "$full_err")"
    ((status == 2)) || fail "$argv >/dev/full: exit $status, expected 2"
    [[ $(cat "$full_err") == "ckimport: cannot write the output: No space left on device" ]] ||
      fail "$argv >/dev/full: stderr is \`$(head -c 200 "$full_err")\`"
  done
  "$ckimport" check bundle >&- 2>"$full_err"
  status=$?
  ((status == 2)) && grep -qxF "ckimport: cannot write the output: Bad file descriptor" "$full_err" ||
    fail "closed stdout: exit $status, stderr \`$(head -c 200 "$full_err")\`"
  # A reader that goes away: more output than a pipe holds, into head.
  mkdir flood
  python3 -c 'import json; print(json.dumps([{"name": f"u{i}"} for i in range(3000)]))' >flood/users.json
  "$ckimport" check --format json --max-diagnostics 100000 flood 2>"$full_err" | head -c 10 >/dev/null
  status=${PIPESTATUS[0]}
  note "ckimport check --format json flood | head -c 10 -> exit $status: $(head -1 "$full_err")"
  ((status == 2)) && grep -qxF "ckimport: cannot write the output: Broken pipe" "$full_err" ||
    fail "closed pipe: exit $status, stderr \`$(head -c 200 "$full_err")\`"

  # --output: the report appears whole, and only when the run did not fail.
  local reports=$work/reports
  mkdir "$reports"
  run 0 -- check bundle --format json --output "$reports/report.json"
  [[ -s $out ]] && fail "--output also wrote to stdout"
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$reports/report.json" ||
    fail "--output report.json is not the JSON report"
  run 1 -- check flood --format sarif --output "$reports/report.json"
  grep -q '"version": "2.1.0"' "$reports/report.json" || fail "--output did not replace the report"
  echo previous >"$reports/kept.txt"
  run 2 -- check missing.json --output "$reports/kept.txt" && expect_err "missing.json: no such file"
  [[ $(cat "$reports/kept.txt") == previous ]] || fail "a failed run changed its --output file"
  [[ $(find "$reports" -name '.*' -type f | wc -l) == 0 ]] || fail "temporary files left in $reports"
  run 2 -- check bundle --output "$work/no-such-folder/report.json" &&
    expect_err "ckimport: cannot write the output: cannot create a temporary file in $work/no-such-folder"
}

case_many-files-low-ulimit() {
  # Files are opened when their turn comes, a few at a time: 10,000 files
  # check under macOS's default limit of 256 open files.
  mkdir -p bundle/existing
  printf '%s\n' "$valid_users" >bundle/users.json
  echo '{"general": 1001}' >bundle/existing/channels.json
  python3 - <<'PY'
for i in range(10_000):
    with open(f"bundle/messages-{i:05d}.json", "w") as f:
        f.write(f'[{{"type": "TEXT", "channelId": 1001, "user": "jane", "body": "m{i}", "idempotencyKey": "k{i}"}}]\n')
with open("bundle/messages-09999.json", "w") as f:
    f.write('[{"type": "TEXT", "channelId": 1001, "user": "ghost", "body": "x", "idempotencyKey": "k9999"}]\n')
PY
  local real=$ckimport
  ckimport=$work/with-256-files
  printf '#!/bin/bash\nulimit -n 256 || exit 99\nexec %q "$@"\n' "$real" >"$ckimport"
  chmod 755 "$ckimport"
  run 1 120 -- check bundle && expect_out "bundle/messages-09999.json:1:46: error: sender \`ghost\`" &&
    expect_out "1 error, 0 warnings in 10001 files"
  # The same files named one by one on the command line (matched to the
  # bundle's files in linear time), one of them twice: counted once.
  local named
  named=$(cd "$work/in" && printf '%s ' bundle/users.json ./bundle/users.json bundle/messages-*.json)
  # shellcheck disable=SC2086  # the names are words
  run 1 120 -- check $named && expect_out "bundle/messages-09999.json:1:46: error" &&
    expect_out "1 error, 0 warnings in 10001 files"
  ckimport=$real
}

case_out-of-memory() {
  # Under a memory limit (ulimit -v), running out of memory ends in one line
  # and exit 2 (or in a smaller plan that succeeds): never a signal.
  # A sanitizer build cannot be checked so: it reserves terabytes of shadow
  # address space, which ulimit -v refuses, and no sanitizer option stands
  # in (ASan's operator new reports and aborts when an allocation fails; it
  # never throws std::bad_alloc). Then the case checks the unsanitised build
  # CKIMPORT_UNSANITIZED_BINARY names (ctest: packaging/package's Release
  # build), and is skipped, saying so, without one.
  local real=$ckimport original=$ckimport limit jobs
  if ! (ulimit -v 1000000 && "$real" --version >/dev/null 2>&1); then
    real=${CKIMPORT_UNSANITIZED_BINARY:-}
    if [[ -z $real || ! -x $real ]] || ! (ulimit -v 1000000 && "$real" --version >/dev/null 2>&1); then
      echo "SKIP: $ckimport cannot run under ulimit -v (a sanitizer build), and CKIMPORT_UNSANITIZED_BINARY names no build that can"
      exit 77
    fi
    note "$ckimport cannot run under ulimit -v (a sanitizer build): checking $real"
  fi
  local big_file
  big_file=$(big messages-pretty-150mb.json 'import sys
pad = "y" * 150
with open(sys.argv[1], "w") as f:
    f.write("[\n")
    for i in range(550_000):
        if i: f.write(",\n")
        f.write(f"  {{\n    \"type\": \"TEXT\",\n    \"channelId\": 1001,\n    \"user\": \"jane\",\n"
                f"    \"body\": \"message {i} {pad}\",\n    \"idempotencyKey\": \"key-{i}\"\n  }}")
    f.write("\n]\n")')
  ckimport=$work/limited
  # 64 MB with 8 workers (where the workers outlived the batches they read),
  # and 200 MB with 2.
  local plan
  for plan in 65536:8 204800:2; do
    limit=${plan%:*} jobs=${plan#*:}
    printf '#!/bin/bash\nulimit -v %d || exit 99\nexec %q "$@"\n' "$limit" "$real" >"$ckimport"
    chmod 755 "$ckimport"
    run any 150 -- check -j "$jobs" --type messages "$big_file"
    if ((status == 2)); then
      [[ $(cat "$err") == "ckimport: out of memory" ]] ||
        fail "limit $limit KiB, -j $jobs: stderr \`$(head -c 300 "$err")\`"
    elif ((status != 0)); then
      fail "limit $limit KiB, -j $jobs: exit $status"
    fi
  done
  ckimport=$original
}

case_duplicates-across-files() {
  # A users file copied beside itself (users-old.json): every user and every
  # idempotency key is a duplicate. Each must be counted, none lost, and the
  # run must stay reasonably fast (each duplicate re-reads the earlier item).
  mkdir bundle
  python3 -c '
with open("bundle/users.json", "w") as f:
    f.write("[" + ",".join(
        "{\"name\":\"user-%05d\",\"displayName\":\"User %d\",\"isGuest\":false,"
        "\"properties\":{\"bio\":\"%s\"},\"idempotencyKey\":\"k%d\"}" % (i, i, "x" * 380, i)
        for i in range(1000)) + "]")'
  cp bundle/users.json bundle/users-old.json
  run 1 120 -- check bundle --format json --max-diagnostics 10 &&
    expect_json "d['summary']['errors'] == 2000 and d['summary']['notShown'] == 1990 and {x['rule'] for x in d['diagnostics']} == {'duplicate-username', 'duplicate-idempotency-key'}"
  # Files are read in path order, users-old.json first: the duplicates are
  # reported in users.json. (Naming only users-old.json, as a pre-commit hook
  # would when it is the new file, currently reports nothing: the
  # duplicates land in the file not named. Reported, not asserted.)
  run 1 120 -- check bundle/users.json && expect_out "2000 errors"
}

# Users with idempotency keys, one planted pair far apart: item 3's key
# again at item N-3. make_keyed_users FILE N [PAD]
make_keyed_users() {
  python3 - "$1" "$2" "${3:-40}" <<'EOF'
import sys
path, n, pad = sys.argv[1], int(sys.argv[2]), "x" * int(sys.argv[3])
with open(path, "w") as f:
    f.write("[\n")
    for i in range(n):
        key = "k3" if i == n - 3 else "k%d" % i
        f.write("%s  {\"name\": \"user-%06d\", \"displayName\": \"User %d\", \"isGuest\": false, "
                "\"properties\": {\"bio\": \"%s\"}, \"idempotencyKey\": \"%s\"}"
                % (",\n" if i else "", i, i, pad, key))
    f.write("\n]\n")
EOF
}

# Temporary files of the case's runs go to $work/tmp (outside the checked
# inputs); every run must leave it empty.
use_own_tmpdir() {
  mkdir -p "$work/tmp"
  export TMPDIR=$work/tmp
}
expect_no_temp_files() {
  local left
  left=$(find "$work/tmp" -mindepth 1 2>/dev/null | head -3)
  [[ -z $left ]] || fail "temporary files left behind: $left"
}

case_spill-tiny-budget() {
  # Issue 15: a duplicate pair thousands of items apart is found through the
  # spill path (a 4 KiB budget spills the key index after ~85 keys), at its
  # place, naming the first; the output is the in-memory path's, byte for
  # byte, from a file and from standard input (spilled too).
  use_own_tmpdir
  make_keyed_users users.json 5000
  run 1 60 -- check users.json --format json || return
  local in_memory=$work/in-memory.json
  cp "$out" "$in_memory"
  expect_json "[(x['rule'], x['pointer']) for x in d['diagnostics']] == [('duplicate-idempotency-key', '/4997/idempotencyKey')] and d['diagnostics'][0]['line'] == 4999 and d['diagnostics'][0]['related'][0]['line'] == 5"
  run 1 60 -- check users.json --format json --memory-limit 4K || return
  cmp -s "$in_memory" "$out" || fail "--memory-limit 4K changed the output: $(diff "$in_memory" "$out" | head -5)"
  expect_no_temp_files
  run 1 60 -- check users.json --memory-limit 4K && expect_out "users.json:4999:"
  run 1 60 -- check --format json --memory-limit 4K --stdin-filename users.json - <users.json || return
  cmp -s "$in_memory" "$out" || fail "standard input, spilled, changed the output: $(diff "$in_memory" "$out" | head -5)"
  expect_no_temp_files
  # The size is checked: a typo must not pass as no limit.
  run 2 -- check users.json --memory-limit 1K && expect_err "at least 4K"
  run 2 -- check users.json --memory-limit 12X && expect_err "--memory-limit takes a size"
}

case_spill-no-room() {
  # A temporary folder that is missing, or full, is exit 2 with one line:
  # never a check that passes without the keys it could not keep.
  use_own_tmpdir
  make_keyed_users users.json 2000
  TMPDIR=$work/no-such-folder run 2 60 -- check users.json --memory-limit 4K &&
    expect_err "temporary file"
  # Full: the file size limit (ulimit -f, in KiB) stops the spill's writes
  # (EFBIG; SIGXFSZ ignored, as it is inherited so).
  local status
  (
    trap '' XFSZ
    ulimit -f 16
    cd "$work/in" && "$ckimport" check users.json --memory-limit 4K >"$work/full.out" 2>"$work/full.err"
  )
  status=$?
  ((status == 2)) || fail "a full temporary disk: exit $status, expected 2"
  [[ $(wc -l <"$work/full.err") == 1 ]] || fail "a full temporary disk: stderr is not one line"
  grep -q "cannot write temporary file" "$work/full.err" || fail "a full temporary disk: $(head -c 300 "$work/full.err")"
  expect_no_temp_files
}

case_spill-signals() {
  # SIGTERM and SIGINT (Ctrl-C) in the middle of a check that has spilled
  # (standard input, then the key index) remove the temporary files, and the
  # run still dies of the signal (143, 130). A background job of a script
  # starts with SIGINT ignored, and ckimport leaves an ignored signal alone
  # (as nohup wants), so the run is started through an exec that restores
  # SIGINT's default, as an interactive shell's job has it.
  use_own_tmpdir
  local big_file pid status waited signal expected
  big_file=$(big users-minified-100mb.json "$minified_users")
  for signal in TERM INT; do
    waited=0
    python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
      "$ckimport" check --memory-limit 4K --stdin-filename users.json - <"$big_file" >"$work/signal.out" 2>"$work/signal.err" &
    pid=$!
    # Until both the copy of standard input and the key index are on disk.
    while (($(find "$work/tmp" -mindepth 1 | wc -l) < 2)) && ((waited < 1200)) && kill -0 "$pid" 2>/dev/null; do
      sleep 0.1
      waited=$((waited + 1))
    done
    (($(find "$work/tmp" -mindepth 1 | wc -l) >= 2)) || note "SIG$signal: the run had not spilled twice when signalled"
    kill -"$signal" "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    expected=$([[ $signal == TERM ]] && echo 143 || echo 130)
    ((status == expected)) || fail "SIG$signal: exit $status, expected $expected (killed by the signal)"
    expect_no_temp_files
  done
}

case_stdin-streams() {
  # Issue 15: standard input is not read whole into memory. A 12 MB file
  # from stdin (spilled past a sixteenth of --memory-limit 4M) peaks within
  # 10% (and 1 MB) of the same file by path; it used to peak a whole copy
  # (and its growth) above it.
  use_own_tmpdir
  make_keyed_users users.json 25000 400
  run 1 120 -- check users.json --memory-limit 4M || return
  local by_path=$rss_kb
  run 1 120 -- check --memory-limit 4M --stdin-filename users.json - <users.json || return
  local from_stdin=$rss_kb
  expect_out "users.json:24999:"
  expect_no_temp_files
  if [[ -n $by_path && -n $from_stdin ]]; then
    note "max RSS by path $((by_path / 1024)) MB, from standard input $((from_stdin / 1024)) MB"
    ((from_stdin <= by_path + by_path / 10 + 1024)) ||
      fail "standard input peaks at $((from_stdin / 1024)) MB, by path $((by_path / 1024)) MB"
  else
    note "no /usr/bin/time (package \`time\`): RSS not measured"
  fi
}

# --- driver --------------------------------------------------------------------

# Each case runs in a subshell in its own folder; its failures are its exit
# status (77: skipped).
run_one() {
  current=$1
  runs=0
  if ! declare -F "case_$current" >/dev/null; then
    echo "no case named $current (see --list)" >&2
    return 2
  fi
  work=$workroot/$current
  chmod -R u+rwx "$work" 2>/dev/null
  rm -rf "$work"
  mkdir -p "$work/in"
  local start=$SECONDS rc
  (
    cd "$work/in" || exit 1
    "case_$current"
    rc=$?
    ((failures == 0)) || exit 1
    exit "$rc"
  )
  rc=$?
  local verdict=FAIL
  ((rc == 0)) && verdict=pass
  ((rc == 77)) && verdict=skipped
  echo "[$current] $verdict in $((SECONDS - start))s"
  return $rc
}

if [[ $2 == all ]]; then
  overall=0
  for c in "${cases[@]}"; do
    run_one "$c"
    rc=$?
    ((rc == 0 || rc == 77)) || overall=1
  done
  exit $overall
fi
run_one "$2"
